using System.CommandLine;
using System.Text;
using Lvx.Commands.Watch;

namespace Lvx.Commands;

/// <summary><c>lvx watch</c>: a live terminal view of coordinators, agents and their VMs.</summary>
internal static class WatchCommands
{
    /// <summary>Adds <c>watch</c> to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var coordinators = new Option<string>("--coordinators")
        {
            Description = "Comma-separated coordinator gRPC addresses.",
            DefaultValueFactory = _ => "http://127.0.0.1:7411",
        };
        var agents = new Option<string>("--agents")
        {
            Description = "Comma-separated agent gRPC addresses.",
            DefaultValueFactory = _ => "http://127.0.0.1:7412",
        };
        var events = new Option<string?>("--events") { Description = "A file of event lines to show (the demo writes one)." };
        var consoles = new Option<string?>("--consoles") { Description = "A directory of guest serial logs (NAME.console) to show progress from." };
        var until = new Option<string?>("--until-file") { Description = "Stop once this file exists." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between refreshes.",
            DefaultValueFactory = _ => 1.0,
        };
        var token = new Option<string?>("--token")
        {
            Description = "The admin bearer token (default $LVX_TOKEN); coordinators ask for it from non-loopback addresses.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LVX_TOKEN"),
        };
        var once = new Option<bool>("--once") { Description = "Draw one screen and exit (no screen clearing)." };

        var command = new Command("watch", "Live view: coordinator roles and VG space, every VM's watermark, LV size, extensions and pauses.")
        {
            coordinators, agents, events, consoles, until, interval, token, once,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var period = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 0.1, 60));
            using var view = new WatchView(
                Split(parse.GetValue(coordinators)), Split(parse.GetValue(agents)), parse.GetValue(events), parse.GetValue(consoles), parse.GetValue(token));
            var untilFile = parse.GetValue(until);
            var single = parse.GetValue(once);
            while (!cancellationToken.IsCancellationRequested)
            {
                var snapshot = await view.PollAsync(cancellationToken);
                var screen = new StringWriter(new StringBuilder());
                WatchView.Render(snapshot, screen);
                Console.Out.Write(single ? screen.ToString() : "\u001b[H\u001b[2J" + screen);
                if (single || (untilFile is not null && File.Exists(untilFile)))
                {
                    return 0;
                }

                try
                {
                    await Task.Delay(period, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return 0;
        });
        root.Subcommands.Add(command);
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
