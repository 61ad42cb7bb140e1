namespace LvExtend.Bench.Simulation;

/// <summary>Prints a progress line every 5 seconds while the steady load runs.</summary>
internal sealed class ProgressReporter : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProgressReporter(string name, SimulationContext context, IReadOnlyList<SimulatedHost> hosts, TextWriter output)
    {
        _loop = RunAsync(name, context, hosts, output, _stop.Token);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(
        string name, SimulationContext context, IReadOnlyList<SimulatedHost> hosts, TextWriter output, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var samples = context.Samples.ToArray();
            var done = samples.Count(s => s.Outcome == ExtensionOutcome.Extended);
            var failed = samples.Length - done;
            var pauses = samples.Count(s => s.Pause > TimeSpan.Zero);
            var inFlight = hosts.Sum(h => h.Mailbox.InFlight);
            await output.WriteLineAsync(
                $"[{name}] {context.Now.TotalSeconds,5:0} s: {done} extended, {failed} not, {pauses} pauses, {inFlight} slots in use");
        }
    }
}
