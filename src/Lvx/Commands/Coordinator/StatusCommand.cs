using System.CommandLine;
using LvExtend.Admin.V1;

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

    private static void Write(StatusView status, TextWriter output)
    {
        var lease = status.Lease.Holder is null
            ? "never held"
            : $"{status.Lease.Holder}, epoch {status.Lease.Epoch}, {(status.Lease.Expired ? "expired" : "expires")} {Formats.Time(status.Lease.ExpiresAt)}";
        var role = status.Role == "leader" ? $"leader (epoch {status.Epoch})" : status.Role;
        var counts = string.Join(", ", status.RequestCounts.Where(c => c.Value != 0).Select(c => $"{c.Key} {c.Value}"));
        output.WriteLine($"instance  {status.InstanceId}");
        output.WriteLine($"role      {role}");
        output.WriteLine($"pool      {status.Pool}");
        output.WriteLine($"lease     {lease}");
        output.WriteLine($"requests  {(counts.Length == 0 ? "none" : counts)}");
        output.WriteLine(status.Serving ? "serving   yes" : "serving   no");
        foreach (var reason in status.NotServingReasons)
        {
            output.WriteLine($"not serving: {reason}");
        }

        output.WriteLine();

        var table = new TextTable("DOMAIN", "VG", "SIZE MiB", "FREE MiB", "WAITING", "PVS", "ERROR").AlignRight(2, 3, 4, 5);
        foreach (var vg in status.VolumeGroups)
        {
            table.AddRow(vg.Domain, vg.VgName, Formats.MibOf(vg.SizeBytes), Formats.MibOf(vg.FreeBytes),
                Formats.Number(vg.WaitingRequests), Formats.Number(vg.PhysicalVolumes.Count), vg.Error);
        }

        table.WriteTo(output);
    }
}
