using System.CommandLine;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx history [--volume UUID] [--limit N]</c>: the audit trail.</summary>
internal static class HistoryCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var volume = CommonOptions.Uuid("--volume", "Only the history of this volume UUID.");
        var limit = CommonOptions.Limit();
        var command = new Command("history", "Show the audit trail: every state change of every extend request, newest first.") { volume, limit };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var request = new GetHistoryRequest
                {
                    Volume = parseResult.GetValue(volume)?.ToString() ?? string.Empty,
                    Limit = parseResult.GetValue(limit),
                };
                var response = await client.GetHistoryAsync(request, options);
                return new HistoryView([.. response.Entries.Select(HistoryEntryView.From)]);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(HistoryView view, IAnsiConsole console)
    {
        var table = CliTable.Create(console, ["AT", "REQUEST", "STATE", "SOURCE", "HOST", "VOLUME", "REQ MiB", "AFTER MiB", "EPOCH", "REASON"],
            1, 4, 6, 7, 8);
        foreach (var e in view.Entries)
        {
            table.AddRow(
                new Text(Formats.Time(e.At)), new Text(Formats.Number(e.RequestId)), new Text(e.State, CliTable.StateStyle(e.State)), new Text(e.Source),
                new Text(Formats.Number(e.HostId)), new Text(e.Volume ?? string.Empty), new Text(Formats.Number(e.RequestedMib)),
                new Text(Formats.MibOf(e.SizeAfterBytes)), new Text(Formats.Number(e.Epoch)), new Text(e.Reason ?? string.Empty));
        }

        console.Write(table);
    }
}
