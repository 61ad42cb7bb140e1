using System.Globalization;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lvx.Commands.Watch;

/// <summary>
/// Draws one <see cref="WatchSnapshot"/> with Spectre.Console: the coordinators (role, epoch, VG space), every VM's
/// disks (guest progress, watermark, LV size, state, extensions, pauses, last extension) and the latest events.
/// </summary>
internal static class WatchScreen
{
    private const int ProgressWidth = 14;

    /// <summary>The screen for <paramref name="snapshot"/>, styled for <paramref name="console"/> (colours or plain).</summary>
    public static IRenderable Render(WatchSnapshot snapshot, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(console);
        var parts = new List<IRenderable>
        {
            new Text($"LvExtend live view   {snapshot.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}   (Ctrl-C stops)",
                new Style(decoration: Decoration.Bold)),
            Text.Empty,
            Coordinators(snapshot, console),
            Text.Empty,
            Vms(snapshot, console),
        };
        foreach (var (address, _, error) in snapshot.Agents.Where(a => a.Status is null))
        {
            parts.Add(new Text($"agent {address} DOWN ({error})", new Style(Color.Red)));
        }

        if (snapshot.Events.Count > 0)
        {
            parts.Add(Text.Empty);
            parts.Add(new Text("Events", new Style(decoration: Decoration.Bold)));
            parts.AddRange(snapshot.Events.TakeLast(6).Select(line => (IRenderable)new Text("  " + line)));
        }

        return new Rows(parts);
    }

    private static Table Coordinators(WatchSnapshot snapshot, IAnsiConsole console)
    {
        var table = CliTable.Create(console, ["COORDINATOR", "ADDRESS", "ROLE", "EPOCH", "VG FREE MiB", "VG SIZE MiB", "WAITING"], 3, 4, 5, 6);
        foreach (var (address, status, error) in snapshot.Coordinators)
        {
            if (status is null)
            {
                table.AddRow(new Text("-"), new Text(address), new Text($"DOWN ({error})", new Style(Color.Red)));
                continue;
            }

            var vg = status.VolumeGroups.FirstOrDefault();
            var (role, style) = status.Role switch
            {
                Role.Leader => ("LEADER", new Style(Color.Green, decoration: Decoration.Bold)),
                Role.Standby => ("standby", Style.Plain),
                _ => ("?", new Style(Color.Yellow)),
            };
            table.AddRow(
                new Text(status.InstanceId), new Text(address), new Text(role, style), new Text(N(status.Epoch)),
                new Text(vg is null ? string.Empty : Mib(vg.FreeBytes)), new Text(vg is null ? string.Empty : Mib(vg.SizeBytes)),
                new Text(vg is null ? string.Empty : N(vg.WaitingRequests), vg is { WaitingRequests: > 0 } ? new Style(Color.Yellow) : Style.Plain));
        }

        return table;
    }

    private static Table Vms(WatchSnapshot snapshot, IAnsiConsole console)
    {
        var table = CliTable.Create(
            console, ["VM", "HOST", "GUEST WRITTEN", "WATERMARK MiB", "LV MiB", "STATE", "EXT", "PAUSES", "LAST EXTENSION"], 1, 3, 4, 6, 7);
        foreach (var (_, agent, _) in snapshot.Agents)
        {
            if (agent is null)
            {
                continue;
            }

            foreach (var vm in agent.Vms)
            {
                var guest = snapshot.Guests.FirstOrDefault(g => string.Equals(g.Vm, vm.Name, StringComparison.Ordinal));
                foreach (var drive in vm.Drives)
                {
                    snapshot.ExtensionsByVolume.TryGetValue(drive.VolumeId, out var extensions);
                    var state = vm.PausedOnNospace ? "PAUSED" : drive.State.ToString().ToUpperInvariant();
                    var last = drive.LastExtension is { TotalSeconds: > 0 } e
                        ? string.Create(CultureInfo.InvariantCulture, $"{e.TotalSeconds * 1000:F0} ms")
                        : "-";
                    table.AddRow(
                        new Text(vm.Name), new Text(N(agent.HostId)), new Text(Progress(guest)), new Text(Mib(drive.Watermark)),
                        new Text(Mib(drive.Physical)), new Text(state, vm.PausedOnNospace ? new Style(Color.Red, decoration: Decoration.Bold) : Style.Plain),
                        new Text(N(extensions)), new Text(N(vm.Pauses)), new Text(last));
                }
            }
        }

        return table;
    }

    /// <summary>The guest's progress: <c>[#######.......] 120/240</c>, or its result, or <c>booting</c>.</summary>
    public static string Progress(GuestConsole? guest)
    {
        if (guest is null || guest.TargetMib <= 0)
        {
            return guest?.Result is { } r ? r : "booting";
        }

        var filled = (int)Math.Clamp(guest.WrittenMib * ProgressWidth / guest.TargetMib, 0, ProgressWidth);
        var bar = new string('#', filled) + new string('.', ProgressWidth - filled);
        var tail = guest.Result is null ? $"{guest.WrittenMib}/{guest.TargetMib}" : guest.Result.Split(' ')[0];
        return $"[{bar}] {tail}";
    }

    private static string Mib(long bytes) => (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
