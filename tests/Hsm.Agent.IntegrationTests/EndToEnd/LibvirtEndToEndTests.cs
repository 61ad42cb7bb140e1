using Hsm.Agent.IntegrationTests.Support;
using Hsm.Agent.Options;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>
/// The end-to-end scenarios with the agent on libvirt (Agent:VmSource=Libvirt) and the guest as a transient
/// libvirt domain (type qemu, TCG) on the loop-activated LV: extend ahead, VG full then add-pv, leader killed
/// mid-write. The ENOSPC pause/resume, operator-pause and libvirtd-restart scenarios run at source level in
/// Sources/LibvirtSourceTests.
/// </summary>
public sealed class LibvirtEndToEndTests(ITestOutputHelper output) : EndToEndScenarios(output)
{
    private protected override VmSourceKind Source => VmSourceKind.Libvirt;

    private protected override async Task<string> StartGuestAsync(GuestRig rig, int writeMib, int rateMibps) =>
        (await rig.StartLibvirtGuestAsync(writeMib, rateMibps)).Name;
}
