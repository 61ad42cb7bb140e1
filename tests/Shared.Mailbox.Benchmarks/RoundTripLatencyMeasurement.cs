using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// Sequential round trips host -> manager -> host on real files with direct I/O, with an instant replier: the
/// mailbox's own latency (doorbell wait, scan, reply write, host poll), p50/p90/p99/max, with the shipped defaults
/// unless overridden.
/// </summary>
internal static class RoundTripLatencyMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = (int)MeasurementArgs.Get(args, "--count", 2000);
        var eventMs = MeasurementArgs.Get(args, "--event-ms", 0);
        var fastPollMs = MeasurementArgs.Get(args, "--fast-poll-ms", 0);
        using var files = new BenchmarkFiles();
        var managerOptions = new ManagerMailboxOptions { InboxPath = files.InboxPath, OutboxPath = files.OutboxPath, MaxHosts = 250 };
        if (eventMs > 0)
        {
            managerOptions.EventInterval = TimeSpan.FromMilliseconds(eventMs);
        }

        var hostOptions = new HostMailboxOptions { InboxPath = files.InboxPath, OutboxPath = files.OutboxPath, HostId = 250 };
        if (fastPollMs > 0)
        {
            hostOptions.FastPollInterval = TimeSpan.FromMilliseconds(fastPollMs);
        }

        var handler = new ReplyingHandler();
        await using var manager = new ManagerMailbox(managerOptions, handler, TimeProvider.System, NullLogger<ManagerMailbox>.Instance);
        handler.Manager = manager;
        await manager.StartAsync(CancellationToken.None);
        await using var host = new HostMailbox(hostOptions, TimeProvider.System, NullLogger<HostMailbox>.Instance);
        await host.StartAsync(CancellationToken.None);

        var samples = new double[count];
        for (var i = -50; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            var reply = await host.SendAsync(new ExtendMessage(Guid.NewGuid(), Guid.NewGuid(), (ulong)(i + 100)), CancellationToken.None);
            if (!reply.Succeeded)
            {
                throw new InvalidOperationException("The instant replier answered with a failure.");
            }

            if (i >= 0)
            {
                samples[i] = clock.Elapsed.TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        double At(double q) => samples[Math.Min(count - 1, (int)(q * count))];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"round trip ({count} sequential, instant replier; events {managerOptions.EventInterval.TotalMilliseconds} ms, host fast poll "
            + $"{hostOptions.FastPollInterval.TotalMilliseconds} ms for {hostOptions.FastPollWindow.TotalMilliseconds} ms then up to "
            + $"{hostOptions.PollInterval.TotalMilliseconds} ms): p50 {At(0.50):F2} ms, p90 {At(0.90):F2} ms, p99 {At(0.99):F2} ms, max {samples[^1]:F2} ms"));
        return 0;
    }
}
