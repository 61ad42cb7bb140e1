using Grpc.Core;
using LvExtend.Admin.V1;
using Spm.Coordinator.Admin;
using Duration = Google.Protobuf.WellKnownTypes.Duration;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Turns the fields of Admin requests into the coordinator's argument types. A malformed field fails the
/// call with <see cref="StatusCode.InvalidArgument"/> and a message that names the field.
/// </summary>
internal static class AdminRequestParser
{
    /// <summary>The page size when a request leaves <c>limit</c> at 0.</summary>
    public const int DefaultLimit = 100;

    /// <summary>A required UUID field.</summary>
    public static Guid RequiredUuid(string value, string field) =>
        OptionalUuid(value, field) ?? throw Invalid($"{field} is required (a UUID).");

    /// <summary>An optional UUID field: empty means absent.</summary>
    public static Guid? OptionalUuid(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Guid.TryParse(value, out var id) ? id : throw Invalid($"{field} '{value}' is not a UUID.");
    }

    /// <summary>A limit: 0 means <see cref="DefaultLimit"/>; the rest must be within 1..<see cref="CoordinatorAdmin.MaxLimit"/>.</summary>
    public static int Limit(int value)
    {
        if (value == 0)
        {
            return DefaultLimit;
        }

        return value is > 0 and <= CoordinatorAdmin.MaxLimit
            ? value
            : throw Invalid($"limit must be within 1..{CoordinatorAdmin.MaxLimit} (or 0 for {DefaultLimit}), not {value}.");
    }

    /// <summary>A state filter: UNSPECIFIED means every state.</summary>
    public static ExtendRequestState? StateFilter(RequestState state)
    {
        if (state == RequestState.Unspecified)
        {
            return null;
        }

        var value = (ExtendRequestState)(int)state;
        return (int)state is > 0 and <= byte.MaxValue && Enum.IsDefined(value)
            ? value
            : throw Invalid($"state {(int)state} is not a known request state.");
    }

    /// <summary>The partial policy change of a SetPolicy request.</summary>
    public static PolicyUpdate PolicyUpdate(SetPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var update = new PolicyUpdate(
            CapFactor: request.HasCapFactor ? request.CapFactor : null,
            MaxVolumeSizeMib: request.HasMaxVolumeSizeMib ? request.MaxVolumeSizeMib : null,
            ClearMaxVolumeSize: request.ClearMaxVolumeSize,
            HostRequestsPerSecond: request.HasHostRequestsPerSecond ? request.HostRequestsPerSecond : null,
            HostRequestBurst: request.HasHostRequestBurst ? request.HostRequestBurst : null,
            HostGrowthBudgetMib: request.HasHostGrowthBudgetMib ? request.HostGrowthBudgetMib : null,
            HostGrowthWindow: Interval(request.HostGrowthWindow, "host_growth_window"),
            SpacePollInterval: Interval(request.SpacePollInterval, "space_poll_interval"),
            MailboxEventInterval: Interval(request.MailboxEventInterval, "mailbox_event_interval"),
            MailboxFullScanInterval: Interval(request.MailboxFullScanInterval, "mailbox_full_scan_interval"));
        return update == new PolicyUpdate() ? throw Invalid("the request changes nothing: set at least one policy field.") : update;
    }

    /// <summary>A duration field: absent means unchanged; it must be positive.</summary>
    public static TimeSpan? Interval(Duration? value, string field)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Seconds < 0 || value.Nanos is < 0 or >= 1_000_000_000 || (value.Seconds == 0 && value.Nanos == 0)
            || value.Seconds > (long)TimeSpan.MaxValue.TotalSeconds)
        {
            throw Invalid($"{field} must be a positive duration.");
        }

        return value.ToTimeSpan();
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
