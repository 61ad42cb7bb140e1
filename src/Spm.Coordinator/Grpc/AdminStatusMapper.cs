using Grpc.Core;
using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Grpc;

/// <summary>Maps the coordinator's expected failures to gRPC statuses (documented in proto/admin.proto).</summary>
internal static class AdminStatusMapper
{
    /// <summary>The status code of an <see cref="AdminErrorCode"/>.</summary>
    public static StatusCode ToStatusCode(AdminErrorCode code) => code switch
    {
        AdminErrorCode.NotLeader => StatusCode.FailedPrecondition,
        AdminErrorCode.InvalidArgument => StatusCode.InvalidArgument,
        AdminErrorCode.NotFound => StatusCode.NotFound,
        AdminErrorCode.FailedPrecondition => StatusCode.FailedPrecondition,
        AdminErrorCode.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Internal,
    };

    /// <summary>The exception that fails a call with <paramref name="error"/> (with its <c>google.rpc.ErrorInfo</c>).</summary>
    public static RpcException ToException(AdminError error) => AdminErrorDetails.ToException(error);

    /// <summary>The value of a successful result, or the exception that fails the call.</summary>
    public static T Unwrap<T>(AdminResult<T> result) =>
        result.Succeeded ? result.Value! : throw ToException(result.Error!);

    /// <summary>
    /// The status of an admin extension that did not end <see cref="ExtendRequestState.Done"/>: a rejection
    /// of an unknown volume is NOT_FOUND, an unreadable VG UNAVAILABLE, other rejections (cap, maximum size)
    /// FAILED_PRECONDITION; a failure for lack of free space RESOURCE_EXHAUSTED (admin extensions do not
    /// wait), any other failure ABORTED. The outcome carries only the recorded reason, so the kind is read
    /// from the pipeline's reason texts (ExtendValidator, VolumeGroupWorker).
    /// </summary>
    public static Status ToStatus(ExtendVolumeOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var reason = string.IsNullOrWhiteSpace(outcome.Reason) ? "no reason recorded" : outcome.Reason;
        var request = outcome.RequestId is { } id ? $" (request {id})" : string.Empty;
        return outcome.State switch
        {
            ExtendRequestState.Done => Status.DefaultSuccess,
            ExtendRequestState.Rejected when IsNotFound(reason) => new Status(StatusCode.NotFound, $"rejected{request}: {reason}"),
            ExtendRequestState.Rejected when reason.Contains("cannot be read", StringComparison.Ordinal)
                => new Status(StatusCode.Unavailable, $"rejected{request}: {reason}"),
            ExtendRequestState.Rejected => new Status(StatusCode.FailedPrecondition, $"rejected{request}: {reason}"),
            ExtendRequestState.WaitingForSpace => new Status(StatusCode.ResourceExhausted, $"not enough free space{request}: {reason}"),
            ExtendRequestState.Failed when IsOutOfSpace(reason) => new Status(StatusCode.ResourceExhausted, $"failed{request}: {reason}"),
            _ => new Status(StatusCode.Aborted, $"{ExtendRequestStates.ToName(outcome.State)}{request}: {reason}"),
        };
    }

    private static bool IsNotFound(string reason) =>
        reason.StartsWith("no LV ", StringComparison.Ordinal)
        || reason.Contains("not found", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("unknown", StringComparison.OrdinalIgnoreCase);

    private static bool IsOutOfSpace(string reason) =>
        reason.Contains("free space", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("insufficient", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("not enough", StringComparison.OrdinalIgnoreCase)
        || reason.Contains("free extents", StringComparison.OrdinalIgnoreCase);
}
