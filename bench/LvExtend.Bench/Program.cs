using System.CommandLine;
using LvExtend.Bench.Cli;

namespace LvExtend.Bench;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        // bench --compare A.json B.json [FILTER]: two reports field by field (nothing else runs).
        if (args is ["--compare", var first, var second, .. var rest] && rest.Length <= 1)
        {
            return Task.FromResult(Report.JsonCompare.Run(first, second, rest.Length == 1 ? rest[0] : null, Console.Out, Console.Error));
        }

        var root = BenchCommand.Create(RunAsync);
        // Ctrl-C cancels the run; the clean-up (coordinator, loop device, files) needs more than the default 2 s.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
    }

    private static async Task<int> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            await new BenchRunner(settings, Console.Out, Console.Error).RunAsync(deadline.Token);
            return 0;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(cancellationToken.IsCancellationRequested
                ? "bench: interrupted; everything it created was removed"
                : $"bench: did not finish within {settings.Timeout.TotalSeconds:0} s (--timeout-seconds); everything it created was removed");
            return 2;
        }
    }
}
