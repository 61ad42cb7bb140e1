using System.CommandLine;
using Lvx.Commands.Coordinator;
using Lvx.Commands.Watch;
using Lvx.Rendering;

namespace Lvx.Commands;

/// <summary>
/// <c>lvx watch</c>: a live view of coordinators, agents and their VMs. On a terminal the screen is redrawn in
/// place with Spectre.Console's live display; on a pipe or file (or with --once) each refresh is appended as
/// plain text.
/// </summary>
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
        var events = new Option<string?>("--events") { HelpName = "FILE", Description = "A file of event lines to show (the demo writes one)." };
        var consoles = new Option<string?>("--consoles") { HelpName = "DIR", Description = "A directory of guest serial logs (NAME.console) to show progress from." };
        var until = new Option<string?>("--until-file") { HelpName = "FILE", Description = "Stop once this file exists." };
        var interval = new Option<double>("--interval")
        {
            Description = "Seconds between refreshes.",
            DefaultValueFactory = _ => 1.0,
        };
        var tokenFile = AdminToken.CreateFileOption("coordinators ask for it from non-loopback addresses");
        var refusedToken = AdminToken.CreateRefusedOption();
        var once = new Option<bool>("--once") { Description = "Draw one screen and exit (no redrawing)." };

        var command = new Command("watch", "Live view: coordinator roles and VG space, every VM's watermark, LV size, extensions and pauses.")
        {
            coordinators, agents, events, consoles, until, interval, tokenFile, refusedToken, once,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? token;
            try
            {
                token = AdminToken.Resolve(parse.GetValue(tokenFile));
            }
            catch (UsageException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync("lvx: " + ex.Message);
                return ExitCodes.Usage;
            }

            var period = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(interval), 0.1, 60));
            using var view = new WatchView(
                Split(parse.GetValue(coordinators)), Split(parse.GetValue(agents)), parse.GetValue(events), parse.GetValue(consoles), token);
            var loop = new WatchLoop(view, period, parse.GetValue(until), parse.GetValue(once), TimeProvider.System);
            var console = CliConsole.Create(parse.InvocationConfiguration.Output);
            try
            {
                await loop.RunAsync(console, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl-C: the view stops, which is what the operator asked for.
            }

            return ExitCodes.Success;
        });
        root.Subcommands.Add(command);
    }

    private static string[] Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
