using System.Text.Json;
using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using LvExtend.Lvm;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>
/// Everything real for one guest: a VG on loop devices (4 MiB extents), an LV named by a volume UUID,
/// loop-activated under a private device root, a qcow2 on it, and a TCG guest (started paused) that
/// writes into it. qemu gets a second QMP socket <c>&lt;VmDirectory&gt;/&lt;VmName&gt;.qmp</c> for the agent;
/// the test keeps the first one (<see cref="Observer"/>) to start the guest and watch events.
/// </summary>
internal sealed class GuestRig : IAsyncDisposable
{
    public const long Mib = 1L << 20;
    public const string VmName = "vm1";

    private GuestRig(LoopVolumeGroup vg, string root)
    {
        Vg = vg;
        Root = root;
        Directory.CreateDirectory(VmDirectory);
    }

    public LoopVolumeGroup Vg { get; }

    public string Root { get; }

    public string VmDirectory => Path.Combine(Root, "vms");

    public string DeviceRoot => Path.Combine(Root, "dev");

    public string BackingDirectory => Path.Combine(Root, "backing");

    /// <summary>The mailbox files (16 MiB each, sparse), created with the rig; agent and coordinator use them buffered with fsync.</summary>
    public TempMailbox Mailbox { get; private set; } = null!;

    /// <summary>The mailbox inbox.</summary>
    public string InboxPath => Mailbox.InboxPath;

    /// <summary>The mailbox outbox.</summary>
    public string OutboxPath => Mailbox.OutboxPath;

    public string Lv { get; } = Guid.NewGuid().ToString();

    /// <summary>The storage domain id the VG stands for (Agent:Domains maps the VG name to it).</summary>
    public Guid DomainId { get; } = Guid.NewGuid();

    public string DevicePath { get; private set; } = string.Empty;

    public LoopVolumeActivator Activator { get; private set; } = null!;

    public QemuGuest Guest { get; private set; } = null!;

    public QmpTestClient Observer { get; private set; } = null!;

    /// <summary>The guest as a libvirt domain (<see cref="StartLibvirtGuestAsync"/>), instead of <see cref="Guest"/>.</summary>
    public LibvirtGuest? Domain { get; private set; }

    public AgentOptions AgentOptions(int hostId = 1) => new()
    {
        HostId = hostId,
        PoolId = Guid.NewGuid(),
        InboxPath = InboxPath,
        OutboxPath = OutboxPath,
        MailboxIoMode = Shared.Mailbox.MailboxIoMode.BufferedWithFsync,
        VmDirectory = VmDirectory,
        DeviceRoot = DeviceRoot,
        Domains = { [Vg.Name] = DomainId },
        QmpCommandTimeout = TimeSpan.FromSeconds(10),
        QmpReconnectDelay = TimeSpan.FromMilliseconds(200),
        VmRescanInterval = TimeSpan.FromMilliseconds(200),
    };

    public ActivationOptions ActivationOptions() => new()
    {
        Backend = ActivationBackend.Loop,
        Devices = [.. Vg.Devices],
        LoopBackingDirectory = BackingDirectory,
    };

    /// <summary>Creates the VG and LV, activates it (loop) and writes an empty qcow2 of <paramref name="capacityMib"/>.</summary>
    public static async Task<GuestRig> CreateAsync(long lvMib, long capacityMib, int physicalVolumeSizeGiB = 2, string? vgName = null)
    {
        var vg = await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = physicalVolumeSizeGiB, ExtentSizeMib = 4, Name = vgName });
        var rig = new GuestRig(vg, TestPaths.CreateTempDirectory("agent-rig"));
        try
        {
            vg.CreateLv(rig.Lv, lvMib, $"lvx_capacity_mib={capacityMib}");
            rig.Mailbox = TempMailbox.Create();

            rig.Activator = new LoopVolumeActivator(
                Microsoft.Extensions.Options.Options.Create(rig.ActivationOptions()),
                Microsoft.Extensions.Options.Options.Create(rig.AgentOptions()),
                new CommandRunner(TimeProvider.System),
                NullLogger<LoopVolumeActivator>.Instance);
            rig.DevicePath = await rig.Activator.ActivateAsync(vg.Name, rig.Lv, CancellationToken.None);
            Qcow2.Create(rig.DevicePath, capacityMib * Mib);
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts qemu paused (-S) with the agent's socket in the VM directory, and connects the observer.</summary>
    public async Task StartGuestAsync(int writeMib, int rateMibps, ITestOutputHelper output, int chunkMib = 4)
    {
        Guest = QemuGuest.Start(new QemuGuestOptions
        {
            DrivePath = DevicePath,
            WriteMib = writeMib,
            RateMibps = rateMibps,
            ChunkMib = chunkMib,
            Output = output,
            ExtraArguments = ["-qmp", $"unix:{Path.Combine(VmDirectory, VmName + ".qmp")},server=on,wait=off"],
        });
        await Guest.WaitForQmpSocketAsync(TimeSpan.FromSeconds(20));
        Observer = await QmpTestClient.ConnectAsync(Guest.QmpSocketPath, TimeSpan.FromSeconds(20));
    }

    /// <summary>Starts the guest as a transient libvirt domain, paused, on the same LV and qcow2.</summary>
    public async Task<LibvirtGuest> StartLibvirtGuestAsync(int writeMib, int rateMibps, int chunkMib = 4)
    {
        Domain = await LibvirtGuest.StartAsync(new LibvirtGuestOptions { DevicePath = LinkPath, WriteMib = writeMib, RateMibps = rateMibps, ChunkMib = chunkMib });
        return Domain;
    }

    /// <summary>The LV as the agent's device root shows it (<c>&lt;DeviceRoot&gt;/&lt;vg&gt;/&lt;lv&gt;</c>): what the domain XML names.</summary>
    public string LinkPath => Path.Combine(DeviceRoot, Vg.Name, Lv);

    /// <summary>Starts the paused guest (QMP cont through the observer).</summary>
    public Task ContAsync() => Observer.ExecuteAsync("cont");

    /// <summary>The run state the guest shows when an I/O error (ENOSPC) paused it, in the words of <see cref="RunStateAsync"/>.</summary>
    public string IoErrorPauseState => Domain is not null ? "paused (I/O error)" : "io-error";

    /// <summary>Starts the guest that was started paused: virsh resume for a libvirt domain, else QMP cont.</summary>
    public Task ResumeAsync() => Domain is not null ? Domain.ResumeAsync() : ContAsync();

    /// <summary>Waits for the guest's LVX-RESULT line, whichever way it was started.</summary>
    public Task<GuestResult> WaitForResultAsync(TimeSpan timeout) =>
        Domain is not null ? Domain.WaitForResultAsync(timeout) : Guest.WaitForResultAsync(timeout);

    /// <summary>The highest LVX-PROGRESS figure the guest has printed so far.</summary>
    public int LatestProgressMib => Domain is not null ? Domain.Console.LatestProgressMib : Guest.LatestProgressMib;

    /// <summary>The guest's run state as the test sees it, not the agent: QMP query-status, or virsh domstate --reason.</summary>
    public async Task<string> RunStateAsync() => Domain is not null
        ? await Domain.StateAsync()
        : (await Observer.ExecuteAsync("query-status")).GetProperty("status").GetString() ?? string.Empty;

    /// <summary>
    /// Ends the guest once it has printed its result, so that its image can be checked: qemu run directly
    /// powers off by itself (waited for, <paramref name="timeout"/>); a libvirt domain (no ACPI in its XML)
    /// halts without ending, so it is destroyed.
    /// </summary>
    public async Task StopGuestAsync(TimeSpan timeout)
    {
        if (Domain is not null)
        {
            await Domain.DisposeAsync();
        }
        else
        {
            await Guest.Process.WaitForExitAsync(timeout);
        }
    }

    /// <summary>Events of a name the observer saw.</summary>
    public IReadOnlyList<JsonElement> ObservedEvents(string name) =>
        Observer.Events.Where(e => e.GetProperty("event").GetString() == name).ToList();

    public async ValueTask DisposeAsync()
    {
        if (Domain is not null)
        {
            await Domain.DisposeAsync();
        }

        if (Observer is not null)
        {
            await Observer.DisposeAsync();
        }

        if (Guest is not null)
        {
            await Guest.DisposeAsync();
        }

        if (Activator is not null)
        {
            try
            {
                await Activator.DeactivateAsync(Vg.Name, Lv, CancellationToken.None);
            }
            catch (VolumeActivationException)
            {
                // Best effort.
            }

            Activator.Dispose();
        }

        await Vg.DisposeAsync();
        Mailbox?.Dispose();
        TestPaths.DeleteDirectoryQuietly(Root);
    }
}
