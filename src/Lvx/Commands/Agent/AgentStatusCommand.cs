using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LvExtend.Agent.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Agent;

/// <summary><c>lvx agent-status --agent ADDR [--json]</c>: an agent's VMs, drives and pending requests.</summary>
internal static class AgentStatusCommand
{
    /// <summary>The agent address used when neither --agent nor LVX_AGENT is given.</summary>
    public const string DefaultAddress = "http://127.0.0.1:7412";

    /// <summary>The environment variable that gives the default agent address.</summary>
    public const string AddressVariable = "LVX_AGENT";

    public static Command Create()
    {
        var address = new Option<string>("--agent")
        {
            Description = $"The agent's gRPC address (default ${AddressVariable} or {DefaultAddress}).",
            HelpName = "ADDR",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(AddressVariable) is { Length: > 0 } value ? value : DefaultAddress,
        };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON (proto3 JSON mapping, camelCase)." };
        var command = new Command("agent-status", "Show an agent's VMs, drives (state, watermark, physical, threshold, write rate, chunk, last extension) and pending requests.");
        command.Options.Add(address);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var target = parseResult.GetValue(address)!;
            try
            {
                using var channel = GrpcChannel.ForAddress(target);
                var client = new AgentStatus.AgentStatusClient(channel);
                var status = await client.GetStatusAsync(new GetStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancellationToken);
                if (parseResult.GetValue(json))
                {
                    var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithIndentation());
                    Console.Out.WriteLine(formatter.Format(status));
                }
                else
                {
                    Write(status, CliConsole.Create(Console.Out));
                }

                return 0;
            }
            catch (RpcException ex)
            {
                await Console.Error.WriteLineAsync($"lvx agent-status: {target}: {ex.Status.StatusCode}: {ex.Status.Detail}");
                return 1;
            }
        });
        return command;
    }

    /// <summary>The human view: a header, a VM table, a drive table, pending requests.</summary>
    internal static void Write(GetStatusResponse status, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(console);
        var p = status.Policy;
        console.Write(CliTable.KeyValues(
        [
            ("host", new Text($"{status.HostId} (pool {status.PoolId}, backend {status.ActivationBackend})")),
            ("policy", new Text(p is { AdaptiveEnabled: true }
                ? string.Create(CultureInfo.InvariantCulture,
                    $"adaptive chunk {p.AdaptiveMinChunkMib}..{p.AdaptiveMaxChunkMib} MiB, check every {p.CheckIntervalSeconds:0.###} s")
                : string.Create(CultureInfo.InvariantCulture,
                    $"utilization {p?.UtilizationPercent}%, chunk {p?.ChunkMib} MiB, check every {p?.CheckIntervalSeconds:0.###} s"))),
            ("mailbox", new Text($"{status.MailboxInFlight} slot(s) in use, {status.Pending.Count} request(s) pending")),
        ]));
        console.WriteLine();

        var vms = CliTable.Create(console, ["VM", "SOURCE", "CONNECTION", "STATUS", "DRIVES", "PAUSES", "RESUMES", "ERROR"], 4, 5, 6);
        foreach (var vm in status.Vms)
        {
            vms.AddRow(
                new Text(vm.Name), new Text(vm.Source.Length > 0 ? vm.Source : "-"), new Text(vm.Connection),
                new Text(vm.RunStatus + (vm.PausedOnNospace ? " (ENOSPC)" : string.Empty), vm.PausedOnNospace ? new Style(Color.Red, decoration: Decoration.Bold) : Style.Plain),
                new Text(N(vm.Drives.Count)), new Text(N(vm.Pauses)), new Text(N(vm.Resumes)), new Text(vm.LastError, new Style(Color.Red)));
        }

        console.Write(vms);
        console.WriteLine();
        var drives = CliTable.Create(
            console, ["VM", "DRIVE", "VG/LV", "STATE", "WATERMARK MiB", "PHYSICAL MiB", "THRESHOLD MiB", "CAPACITY MiB", "RATE MiB/s", "CHUNK MiB", "LAST EXTENSION", "NOTE"], 4, 5, 6, 7, 8, 9);
        foreach (var vm in status.Vms)
        {
            foreach (var d in vm.Drives)
            {
                var note = d.ImprobableWatermark ? "improbable watermark" : d.LastError;
                drives.AddCells(vm.Name, d.Name, $"{d.VolumeGroup}/{d.LogicalVolume}", d.State.ToString().Replace("DriveState", string.Empty, StringComparison.Ordinal).ToUpperInvariant(),
                    Mib(d.Watermark), Mib(d.Physical), Mib(d.Threshold), Mib(d.Capacity), d.WriteRateMibps.ToString("0.#", CultureInfo.InvariantCulture),
                    d.LastChunkBytes > 0 ? Mib(d.LastChunkBytes) : "-", Phases(d.LastExtension), note);
            }
        }

        console.Write(drives);
        if (status.Pending.Count > 0)
        {
            console.WriteLine();
            var pending = CliTable.Create(console, ["VM", "DRIVE", "VG/LV", "REQUESTED MiB", "ATTEMPT", "SENT"], 3, 4);
            foreach (var r in status.Pending)
            {
                pending.AddCells(r.Vm, r.Drive, $"{r.VolumeGroup}/{r.LogicalVolume}", Mib(r.RequestedBytes), N(r.Attempt),
                    r.SentAt?.ToDateTimeOffset().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture));
            }

            console.Write(pending);
        }
    }

    private static string Phases(ExtensionPhases? phases) => phases is null
        ? "-"
        : string.Create(CultureInfo.InvariantCulture,
            $"total {phases.TotalSeconds:0.000}s (wait {phases.WaitSeconds:0.000}, mailbox {phases.MailboxSeconds:0.000}, refresh {phases.RefreshSeconds:0.000})");

    private static string Mib(long bytes) => (bytes / (1L << 20)).ToString(CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
