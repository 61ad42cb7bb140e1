using Shared.Mailbox;

namespace Spm.Coordinator.Extension;

/// <summary>What admission did with a mailbox request.</summary>
internal enum Admission : byte
{
    /// <summary>Queued on its VG's worker, in its host's line.</summary>
    Queued = 1,

    /// <summary>Refused before queueing: answered with size 0 (except size 0 itself) and recorded by the side loop.</summary>
    Refused = 2,

    /// <summary>An unknown opcode: counted and recorded (rate-limited), never answered.</summary>
    Ignored = 3,
}

/// <summary>
/// Admission control before anything is queued, on the mailbox's thread and without LVM or database work:
/// the host's request rate, the domain, size 0, the volume against the VG's LV cache (an unknown LV is
/// refused from the cache; the cache is re-read at most once per <see cref="VolumeGroupState.LvCacheMaxAge"/>
/// by the worker), then the host's outstanding count on the VG (its line in the worker's queue).
/// </summary>
internal sealed class RequestAdmission(
    IReadOnlyDictionary<Guid, VolumeGroupWorker> workers, TermSideLoop side, HostLimiter limiter, string poolId)
{
    public Admission Admit(MailboxRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != MailboxMessageKind.Extend || request.Extend is not { } message)
        {
            side.UnknownOpcode(request);
            return Admission.Ignored;
        }

        var hostId = request.Id.HostId;
        if (limiter.TryAcquireRequest(hostId) is { } overRate)
        {
            return Refuse(request, overRate);
        }

        if (!workers.TryGetValue(message.Domain, out var worker))
        {
            return Refuse(request, new Rejection(RejectionReason.UnknownDomain, $"domain {message.Domain} is not in pool {poolId}"));
        }

        if (message.SizeMib == 0)
        {
            return Refuse(request, new Rejection(RejectionReason.SizeZero,
                "the requested size is 0; not answered: the failure reply (size 0) would be byte-identical to the request, i.e. a success"));
        }

        if (worker.State.Lookup(message.Volume) == LvLookup.Unknown)
        {
            return Refuse(request, new Rejection(RejectionReason.UnknownVolume,
                $"no LV {worker.Domain.VgName}/{worker.State.LvNameOf(message.Volume)} for volume {message.Volume}"));
        }

        return worker.TryEnqueue(request) switch
        {
            EnqueueResult.Queued or EnqueueResult.Replaced => Admission.Queued,
            EnqueueResult.HostFull => Refuse(request, new Rejection(RejectionReason.TooManyOutstanding,
                $"host {hostId} already has {ExtendServices.MaxOutstandingPerHost} requests queued for {worker.Domain.VgName}")),
            _ => Admission.Refused,
        };
    }

    private Admission Refuse(MailboxRequest request, Rejection rejection)
    {
        side.Refuse(request, rejection);
        return Admission.Refused;
    }
}
