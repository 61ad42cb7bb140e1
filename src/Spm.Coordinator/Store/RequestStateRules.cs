using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Store;

/// <summary>Whether a state ends a request's life.</summary>
internal static class RequestStateRules
{
    public static bool IsFinal(ExtendRequestState state) => state is ExtendRequestState.Done or ExtendRequestState.Failed
        or ExtendRequestState.Rejected or ExtendRequestState.Withdrawn or ExtendRequestState.Superseded or ExtendRequestState.Ignored;
}
