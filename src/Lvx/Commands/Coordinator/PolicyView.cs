using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx policy get|set</c>. Durations as .NET time spans (<c>00:00:01</c>).</summary>
internal sealed record PolicyView(
    double CapFactor,
    long? MaxVolumeSizeMib,
    double HostRequestsPerSecond,
    int HostRequestBurst,
    long HostGrowthBudgetMib,
    TimeSpan? HostGrowthWindow,
    TimeSpan? SpacePollInterval,
    TimeSpan? MailboxEventInterval,
    TimeSpan? MailboxFullScanInterval)
{
    public static PolicyView From(Policy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new PolicyView(
            policy.CapFactor,
            policy.HasMaxVolumeSizeMib ? policy.MaxVolumeSizeMib : null,
            policy.HostRequestsPerSecond,
            policy.HostRequestBurst,
            policy.HostGrowthBudgetMib,
            policy.HostGrowthWindow?.ToTimeSpan(),
            policy.SpacePollInterval?.ToTimeSpan(),
            policy.MailboxEventInterval?.ToTimeSpan(),
            policy.MailboxFullScanInterval?.ToTimeSpan());
    }

    /// <summary>Writes one <c>name  value</c> line per setting, named as the <c>policy set</c> options.</summary>
    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var table = new TextTable("SETTING", "VALUE");
        table.AddRow("cap-factor", Formats.Decimal(CapFactor));
        table.AddRow("max-volume-size-mib", MaxVolumeSizeMib is { } max ? Formats.Number(max) : "none");
        table.AddRow("host-requests-per-second", Formats.Decimal(HostRequestsPerSecond));
        table.AddRow("host-request-burst", Formats.Number(HostRequestBurst));
        table.AddRow("host-growth-budget-mib", Formats.Number(HostGrowthBudgetMib));
        table.AddRow("host-growth-window", Formats.Span(HostGrowthWindow));
        table.AddRow("space-poll-interval", Formats.Span(SpacePollInterval));
        table.AddRow("mailbox-event-interval", Formats.Span(MailboxEventInterval));
        table.AddRow("mailbox-full-scan-interval", Formats.Span(MailboxFullScanInterval));
        table.WriteTo(output);
    }
}
