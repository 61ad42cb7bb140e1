using BenchmarkDotNet.Running;

namespace Shared.Mailbox.Benchmarks;

internal static class Program
{
    /// <summary>
    /// <c>idle [--hosts 250] [--seconds 20] [--event-ms N]</c>: idle CPU of a manager (and of started, idle host
    /// roles); <c>latency [--count 2000] [--event-ms N] [--fast-poll-ms N]</c>: round-trip percentiles with an
    /// instant replier; anything else goes to BenchmarkDotNet.
    /// </summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "idle")
        {
            return await IdleCpuMeasurement.RunAsync(args[1..]);
        }

        if (args.Length > 0 && args[0] == "latency")
        {
            return await RoundTripLatencyMeasurement.RunAsync(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
