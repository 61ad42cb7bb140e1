using Shared.Mailbox;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Extension;

/// <summary>One extension to run through <see cref="ExtendPipeline"/>: from a host's mailbox slot or from the admin API.</summary>
/// <param name="Source">Mailbox or admin.</param>
/// <param name="Request">The mailbox request (null for admin): the reply goes to its slot.</param>
/// <param name="VolumeId">The volume.</param>
/// <param name="SizeMib">The requested size.</param>
/// <param name="DetectedAt">When the mailbox saw it, or the admin call arrived.</param>
internal sealed record ExtendCommand(ExtendRequestSource Source, MailboxRequest? Request, Guid VolumeId, ulong SizeMib, DateTimeOffset DetectedAt)
{
    public int? HostId => Request?.Id.HostId;

    public int? Slot => Request?.Id.Slot;

    public static ExtendCommand FromMailbox(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var message = request.Extend ?? throw new ArgumentException("Not a decoded extend request.", nameof(request));
        return new ExtendCommand(ExtendRequestSource.Mailbox, request, message.Volume, message.SizeMib, request.DetectedAt);
    }

    public static ExtendCommand FromAdmin(Guid volumeId, ulong sizeMib, DateTimeOffset receivedAt) =>
        new(ExtendRequestSource.Admin, null, volumeId, sizeMib, receivedAt);
}
