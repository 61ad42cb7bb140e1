using System.CommandLine;
using LvExtend.Admin.V1;

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

    private static void Write(HistoryView view, TextWriter output)
    {
        var table = new TextTable("AT", "REQUEST", "STATE", "SOURCE", "HOST", "VOLUME", "REQ MiB", "AFTER MiB", "EPOCH", "REASON")
            .AlignRight(1, 4, 6, 7, 8);
        foreach (var e in view.Entries)
        {
            table.AddRow(Formats.Time(e.At), Formats.Number(e.RequestId), e.State, e.Source, Formats.Number(e.HostId), e.Volume,
                Formats.Number(e.RequestedMib), Formats.MibOf(e.SizeAfterBytes), Formats.Number(e.Epoch), e.Reason);
        }

        table.WriteTo(output);
    }
}
