using System.CommandLine;
using Google.Protobuf.WellKnownTypes;
using LvExtend.Admin.V1;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx policy get</c> and <c>lvx policy set [--cap-factor X] ...</c> (set needs the token).</summary>
internal static class PolicyCommand
{
    public static Command Create()
    {
        var command = new Command("policy", "Show or change the coordinator's live policy: cap, per-host limits, intervals.");
        command.Subcommands.Add(CreateGet());
        command.Subcommands.Add(CreateSet());
        return command;
    }

    private static Command CreateGet()
    {
        var connection = new CoordinatorConnection();
        var command = new Command("get", "Show the policy in force.");
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) => PolicyView.From(await client.GetPolicyAsync(new GetPolicyRequest(), options)),
            (view, console) => view.WriteTo(console),
            cancellationToken));
        return command;
    }

    private static Command CreateSet()
    {
        var connection = new CoordinatorConnection();
        var capFactor = new Option<double?>("--cap-factor") { Description = "Cap: a volume never grows beyond capacity x this (1..10).", HelpName = "X" };
        var maxSize = new Option<long?>("--max-volume-size-mib") { Description = "A pool-wide ceiling on volume sizes, in MiB.", HelpName = "N" };
        var noMaxSize = new Option<bool>("--no-max-volume-size") { Description = "Remove the pool-wide ceiling." };
        var rate = new Option<double?>("--host-requests-per-second") { Description = "Per host: sustained extend requests per second.", HelpName = "X" };
        var burst = new Option<int?>("--host-request-burst") { Description = "Per host: requests in a burst.", HelpName = "N" };
        var budget = new Option<long?>("--host-growth-budget-mib") { Description = "Per host: MiB of growth per growth window.", HelpName = "N" };
        var window = SpanOption("--host-growth-window", "Per host: the window over which the growth budget refills.");
        var spacePoll = SpanOption("--space-poll-interval", "How often a VG's free space is read while requests wait.");
        var eventInterval = SpanOption("--mailbox-event-interval", "How often the mailbox doorbell is read.");
        var fullScan = SpanOption("--mailbox-full-scan-interval", "How often every host block of the mailbox is read.");
        var command = new Command("set", "Change policy settings (only those given), persist them and apply them live on the leader (needs the token).")
        {
            capFactor, maxSize, noMaxSize, rate, burst, budget, window, spacePoll, eventInterval, fullScan,
        };
        command.Validators.Add(result =>
        {
            if (!result.Children.Any(c => c is System.CommandLine.Parsing.OptionResult { Implicit: false } o
                    && o.Option != connection.Address && o.Option != connection.TokenFile && o.Option != connection.RefusedToken && o.Option != connection.Json))
            {
                result.AddError("policy set needs at least one setting to change (see lvx policy set --help).");
            }
        });
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var request = new SetPolicyRequest
                {
                    ClearMaxVolumeSize = parseResult.GetValue(noMaxSize),
                    HostGrowthWindow = ToDuration(parseResult.GetValue(window)),
                    SpacePollInterval = ToDuration(parseResult.GetValue(spacePoll)),
                    MailboxEventInterval = ToDuration(parseResult.GetValue(eventInterval)),
                    MailboxFullScanInterval = ToDuration(parseResult.GetValue(fullScan)),
                };
                if (parseResult.GetValue(capFactor) is { } c)
                {
                    request.CapFactor = c;
                }

                if (parseResult.GetValue(maxSize) is { } m)
                {
                    request.MaxVolumeSizeMib = m;
                }

                if (parseResult.GetValue(rate) is { } r)
                {
                    request.HostRequestsPerSecond = r;
                }

                if (parseResult.GetValue(burst) is { } b)
                {
                    request.HostRequestBurst = b;
                }

                if (parseResult.GetValue(budget) is { } g)
                {
                    request.HostGrowthBudgetMib = g;
                }

                return PolicyView.From(await client.SetPolicyAsync(request, options));
            },
            (view, console) => view.WriteTo(console),
            cancellationToken));
        return command;
    }

    private static Option<TimeSpan?> SpanOption(string name, string description) => new(name)
    {
        Description = description + " A duration: 250ms, 1.5s, 10m, 2h.",
        HelpName = "DURATION",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Formats.TryParseSpan(text, out var value) && value > TimeSpan.Zero)
            {
                return value;
            }

            result.AddError($"{name} '{text}' is not a positive duration (250ms, 1.5s, 10m, 2h).");
            return null;
        },
    };

    private static Duration? ToDuration(TimeSpan? value) => value is { } v ? Duration.FromTimeSpan(v) : null;
}
