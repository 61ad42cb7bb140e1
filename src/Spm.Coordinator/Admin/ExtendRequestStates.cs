using System.Diagnostics.CodeAnalysis;

namespace Spm.Coordinator.Admin;

/// <summary>The persisted names of <see cref="ExtendRequestState"/> and <see cref="ExtendRequestSource"/>.</summary>
internal static class ExtendRequestStates
{
    /// <summary>The snake_case name stored in PostgreSQL.</summary>
    public static string ToName(ExtendRequestState state) => state switch
    {
        ExtendRequestState.Received => "received",
        ExtendRequestState.Rejected => "rejected",
        ExtendRequestState.WaitingForSpace => "waiting_for_space",
        ExtendRequestState.Extending => "extending",
        ExtendRequestState.Done => "done",
        ExtendRequestState.Failed => "failed",
        ExtendRequestState.Withdrawn => "withdrawn",
        ExtendRequestState.Superseded => "superseded",
        ExtendRequestState.Ignored => "ignored",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown extend request state."),
    };

    /// <summary>Parses a stored name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ExtendRequestState? state)
    {
        state = name switch
        {
            "received" => ExtendRequestState.Received,
            "rejected" => ExtendRequestState.Rejected,
            "waiting_for_space" => ExtendRequestState.WaitingForSpace,
            "extending" => ExtendRequestState.Extending,
            "done" => ExtendRequestState.Done,
            "failed" => ExtendRequestState.Failed,
            "withdrawn" => ExtendRequestState.Withdrawn,
            "superseded" => ExtendRequestState.Superseded,
            "ignored" => ExtendRequestState.Ignored,
            _ => null,
        };
        return state is not null;
    }

    /// <summary>Parses a stored name; an unknown one is a broken invariant.</summary>
    public static ExtendRequestState Parse(string name) =>
        TryParse(name, out var state) ? state.Value : throw new InvalidOperationException($"Unknown extend request state '{name}' in the store.");

    /// <summary>The stored name of a source.</summary>
    public static string ToName(ExtendRequestSource source) => source switch
    {
        ExtendRequestSource.Mailbox => "mailbox",
        ExtendRequestSource.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown extend request source."),
    };

    /// <summary>Parses a stored source name.</summary>
    public static ExtendRequestSource ParseSource(string name) => name switch
    {
        "mailbox" => ExtendRequestSource.Mailbox,
        "admin" => ExtendRequestSource.Admin,
        _ => throw new InvalidOperationException($"Unknown extend request source '{name}' in the store."),
    };
}
