using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

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
    public void WriteTo(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var table = CliTable.Create(console, ["SETTING", "VALUE"]);
        table.AddCells("cap-factor", Formats.Decimal(CapFactor));
        table.AddCells("max-volume-size-mib", MaxVolumeSizeMib is { } max ? Formats.Number(max) : "none");
        table.AddCells("host-requests-per-second", Formats.Decimal(HostRequestsPerSecond));
        table.AddCells("host-request-burst", Formats.Number(HostRequestBurst));
        table.AddCells("host-growth-budget-mib", Formats.Number(HostGrowthBudgetMib));
        table.AddCells("host-growth-window", Formats.Span(HostGrowthWindow));
        table.AddCells("space-poll-interval", Formats.Span(SpacePollInterval));
        table.AddCells("mailbox-event-interval", Formats.Span(MailboxEventInterval));
        table.AddCells("mailbox-full-scan-interval", Formats.Span(MailboxFullScanInterval));
        console.Write(table);
    }
}
