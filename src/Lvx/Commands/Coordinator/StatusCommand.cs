using System.CommandLine;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx status</c>: the coordinator's role, lease, VGs and request counts.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var command = new Command("status", "Show the coordinator's role, epoch, lease, volume groups and request counts.");
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) => StatusView.From(await client.GetStatusAsync(new GetStatusRequest(), options)),
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(StatusView status, IAnsiConsole console)
    {
        var lease = status.Lease.Holder is null
            ? "never held"
            : $"{status.Lease.Holder}, epoch {status.Lease.Epoch}, {(status.Lease.Expired ? "expired" : "expires")} {Formats.Time(status.Lease.ExpiresAt)}";
        var role = status.Role == "leader" ? $"leader (epoch {status.Epoch})" : status.Role;
        var roleStyle = status.Role == "leader" ? new Style(Color.Green, decoration: Decoration.Bold) : new Style(Color.Yellow);
        var counts = string.Join(", ", status.RequestCounts.Where(c => c.Value != 0).Select(c => $"{c.Key} {c.Value}"));
        console.Write(CliTable.KeyValues(
        [
            ("instance", new Text(status.InstanceId)),
            ("role", new Text(role, roleStyle)),
            ("pool", new Text(status.Pool)),
            ("lease", new Text(lease, status.Lease.Expired ? new Style(Color.Red) : Style.Plain)),
            ("requests", new Text(counts.Length == 0 ? "none" : counts)),
            ("serving", new Text(status.Serving ? "yes" : "no", status.Serving ? new Style(Color.Green) : new Style(Color.Red, decoration: Decoration.Bold))),
        ]));
        foreach (var reason in status.NotServingReasons)
        {
            console.Write(new Text($"not serving: {reason}", new Style(Color.Red)));
            console.WriteLine();
        }

        console.WriteLine();

        var table = CliTable.Create(console, ["DOMAIN", "VG", "SIZE MiB", "FREE MiB", "WAITING", "PVS", "ERROR"], 2, 3, 4, 5);
        foreach (var vg in status.VolumeGroups)
        {
            table.AddRow(
                new Text(vg.Domain), new Text(vg.VgName), new Text(Formats.MibOf(vg.SizeBytes)), new Text(Formats.MibOf(vg.FreeBytes)),
                new Text(Formats.Number(vg.WaitingRequests), vg.WaitingRequests > 0 ? new Style(Color.Yellow) : Style.Plain),
                new Text(Formats.Number(vg.PhysicalVolumes.Count)), new Text(vg.Error ?? string.Empty, new Style(Color.Red)));
        }

        console.Write(table);
    }
}
