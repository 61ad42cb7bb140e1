using System.CommandLine;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx requests [--state S] [--host N] [--volume UUID] [--limit N]</c>.</summary>
internal static class RequestsCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var state = new Option<string?>("--state")
        {
            Description = "Only requests in this state: " + string.Join(", ", Formats.KnownStates.Select(Formats.StateName)) + ".",
            HelpName = "STATE",
        };
        state.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } text && !Formats.TryParseState(text, out _))
            {
                result.AddError($"--state '{text}' is not a request state ({string.Join(", ", Formats.KnownStates.Select(Formats.StateName))}).");
            }
        });
        var host = new Option<int?>("--host") { Description = "Only requests from this host id.", HelpName = "N" };
        var volume = CommonOptions.Uuid("--volume", "Only requests for this volume UUID.");
        var limit = CommonOptions.Limit();
        var command = new Command("requests", "List extend requests, newest first.") { state, host, volume, limit };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var request = new ListRequestsRequest
                {
                    Volume = parseResult.GetValue(volume)?.ToString() ?? string.Empty,
                    Limit = parseResult.GetValue(limit),
                };
                if (parseResult.GetValue(state) is { } name && Formats.TryParseState(name, out var parsed))
                {
                    request.State = parsed;
                }

                if (parseResult.GetValue(host) is { } hostId)
                {
                    request.HostId = hostId;
                }

                var response = await client.ListRequestsAsync(request, options);
                return new RequestsView([.. response.Requests.Select(RequestView.From)]);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(RequestsView view, IAnsiConsole console)
    {
        var table = CliTable.Create(console, ["ID", "STATE", "SOURCE", "HOST", "VOLUME", "REQ MiB", "BEFORE MiB", "AFTER MiB", "DETECTED", "TOTAL", "REASON"],
            0, 3, 5, 6, 7, 9);
        foreach (var r in view.Requests)
        {
            table.AddRow(
                new Text(Formats.Number(r.Id)), new Text(r.State, CliTable.StateStyle(r.State)), new Text(r.Source), new Text(Formats.Number(r.HostId)),
                new Text(r.Volume ?? string.Empty), new Text(Formats.Number(r.RequestedMib)), new Text(Formats.MibOf(r.SizeBeforeBytes)),
                new Text(Formats.MibOf(r.SizeAfterBytes)), new Text(Formats.Time(r.DetectedAt)),
                new Text(Formats.Span(r.Phases.Total is { } t ? TimeSpan.FromSeconds(t) : null)), new Text(r.Reason ?? string.Empty));
        }

        console.Write(table);
    }
}
