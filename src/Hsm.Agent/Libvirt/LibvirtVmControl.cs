using Hsm.Agent.Libvirt.Interop;
using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Libvirt;

/// <summary>
/// <see cref="IVmControl"/> for a libvirt domain, through whatever connection is current (none while
/// libvirtd is away: the calls then fail with <see cref="LibvirtException"/> and the drive monitor retries).
/// </summary>
internal sealed class LibvirtVmControl(string vmName, string uuid, Func<LibvirtConnection?> connection) : IVmControl
{
    public string VmName => vmName;

    /// <summary>virDomainSetBlockThreshold on the drive's threshold target (<c>vda[N]</c>).</summary>
    public Task SetWriteThresholdAsync(string nodeName, long threshold, CancellationToken cancellationToken)
    {
        Current().SetBlockThreshold(uuid, nodeName, threshold);
        return Task.CompletedTask;
    }

    /// <summary>Resumes only when virDomainGetState says paused for an I/O error; an operator's pause is left alone.</summary>
    public Task<bool> ResumeIfPausedByIoErrorAsync(CancellationToken cancellationToken)
    {
        var current = Current();
        if (!current.GetState(uuid).IsPausedOnIoError)
        {
            return Task.FromResult(false);
        }

        try
        {
            current.Resume(uuid);
        }
        catch (LibvirtException ex) when (ex.ErrorCode == LibvirtConstants.ErrorOperationInvalid)
        {
            // Already running again.
            return Task.FromResult(false);
        }

        return Task.FromResult(true);
    }

    private LibvirtConnection Current() => connection() ?? throw new LibvirtException($"{vmName}: not connected to libvirt");
}
