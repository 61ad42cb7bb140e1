using Hsm.Agent.Activation;
using Hsm.Agent.Monitoring;
using Shared.Mailbox;

namespace Hsm.Agent.Extension;

/// <summary>
/// One extension attempt: send the request through the mailbox, wait for the reply, refresh the LV on
/// this host and verify it reached the requested size. A failure reply (size 0), a refresh error or a
/// short LV come back as a failed <see cref="ExtensionAttempt"/>; the caller retries.
/// </summary>
internal sealed class DriveExtender(IExtendRequestSender sender, IVolumeActivator activator, TimeProvider timeProvider)
{
    /// <summary>The activator used for refreshes and sizes.</summary>
    public IVolumeActivator Activator => activator;

    /// <summary>Requests in flight in the mailbox.</summary>
    public int InFlight => sender.InFlight;

    public async Task<ExtensionAttempt> ExtendAsync(VolumeIdentity volume, long requestedBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var sizeMib = checked((ulong)(ExtensionMath.RoundUp(requestedBytes, ExtensionMath.Mib) / ExtensionMath.Mib));
        var sentAt = timeProvider.GetUtcNow();
        var reply = await sender.SendAsync(new ExtendMessage(volume.DomainId, volume.VolumeId, sizeMib), cancellationToken);
        var repliedAt = timeProvider.GetUtcNow();
        if (!reply.Succeeded)
        {
            return new ExtensionAttempt(false, 0, sentAt, repliedAt, null, "the coordinator replied with a failure (size 0)");
        }

        long size;
        try
        {
            size = await activator.RefreshAsync(volume.VolumeGroup, volume.LogicalVolume, cancellationToken);
        }
        catch (VolumeActivationException ex)
        {
            return new ExtensionAttempt(false, 0, sentAt, repliedAt, timeProvider.GetUtcNow(), $"refresh failed: {ex.Message}");
        }

        var refreshedAt = timeProvider.GetUtcNow();
        return size >= requestedBytes
            ? new ExtensionAttempt(true, size, sentAt, repliedAt, refreshedAt, null)
            : new ExtensionAttempt(false, size, sentAt, repliedAt, refreshedAt, $"the LV is {size} bytes after the refresh, {requestedBytes} requested");
    }
}
