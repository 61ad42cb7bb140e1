
namespace Lvx.Commands.Watch;

/// <summary>One refresh of the live view: what every coordinator and agent answered, or why not.</summary>
internal sealed record WatchSnapshot(
    DateTimeOffset At,
    IReadOnlyList<(string Address, LvExtend.Admin.V1.GetStatusResponse? Status, string? Error)> Coordinators,
    IReadOnlyList<(string Address, LvExtend.Agent.V1.GetStatusResponse? Status, string? Error)> Agents,
    IReadOnlyDictionary<string, int> ExtensionsByVolume,
    IReadOnlyList<GuestConsole> Guests,
    IReadOnlyList<string> Events);
