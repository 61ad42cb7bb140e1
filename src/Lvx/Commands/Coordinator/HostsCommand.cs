using System.CommandLine;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx hosts</c>: the hosts seen through the mailbox.</summary>
internal static class HostsCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var command = new Command("hosts", "List the hosts seen through the mailbox, with their request counters.");
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var response = await client.ListHostsAsync(new ListHostsRequest(), options);
                return new HostsView([.. response.Hosts.Select(HostView.From)]);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(HostsView view, IAnsiConsole console)
    {
        var table = CliTable.Create(console, ["HOST", "FIRST SEEN", "LAST SEEN", "REQUESTS", "REJECTIONS", "CHECKSUM ERRORS"], 0, 3, 4, 5);
        foreach (var host in view.Hosts)
        {
            table.AddCells(Formats.Number(host.HostId), Formats.Time(host.FirstSeen), Formats.Time(host.LastSeen),
                Formats.Number(host.Requests), Formats.Number(host.Rejections), Formats.Number(host.ChecksumErrors));
        }

        console.Write(table);
    }
}
