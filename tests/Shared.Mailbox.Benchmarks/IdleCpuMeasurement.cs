using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// A manager serving N idle hosts (N started host roles, nothing in flight) on real files with direct I/O, with the
/// shipped defaults unless overridden: CPU of this process (/proc/self/stat) over the measured seconds, as a
/// percentage of one core, and the manager's doorbell reads and full scans per second.
/// </summary>
internal static class IdleCpuMeasurement
{
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = (int)MeasurementArgs.Get(args, "--hosts", 250);
        var seconds = MeasurementArgs.Get(args, "--seconds", 20);
        var eventMs = MeasurementArgs.Get(args, "--event-ms", 0);
        var startHosts = MeasurementArgs.Get(args, "--host-roles", 1) != 0;
        using var files = new BenchmarkFiles();
        var options = new ManagerMailboxOptions { InboxPath = files.InboxPath, OutboxPath = files.OutboxPath, MaxHosts = hosts };
        if (eventMs > 0)
        {
            options.EventInterval = TimeSpan.FromMilliseconds(eventMs);
        }

        await using var manager = new ManagerMailbox(options, new NullHandler(), TimeProvider.System, NullLogger<ManagerMailbox>.Instance);
        await manager.StartAsync(CancellationToken.None);
        var roles = new List<HostMailbox>();
        if (startHosts)
        {
            for (var hostId = 1; hostId <= hosts; hostId++)
            {
                var role = new HostMailbox(
                    new HostMailboxOptions { InboxPath = files.InboxPath, OutboxPath = files.OutboxPath, HostId = hostId },
                    TimeProvider.System,
                    NullLogger<HostMailbox>.Instance);
                await role.StartAsync(CancellationToken.None);
                roles.Add(role);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // settle: the hosts' start writes are scanned
        var hostReads = roles.Sum(r => r.Reads);
        var (doorbells, scans) = (manager.DoorbellReads, manager.FullScans);
        var cpu = ProcessCpu.Used();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed.TotalSeconds;
        var used = (ProcessCpu.Used() - cpu).TotalSeconds;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"idle: {hosts} hosts ({(startHosts ? "host roles started" : "no host roles")}), event interval {options.EventInterval.TotalMilliseconds} ms, "
            + $"full scan {options.FullScanInterval.TotalSeconds} s, {elapsed:F1} s: CPU {100 * used / elapsed:F3} % of a core; "
            + $"doorbell reads {(manager.DoorbellReads - doorbells) / elapsed:F0}/s, full scans {(manager.FullScans - scans) / elapsed:F2}/s, "
            + $"host reply-block reads {roles.Sum(r => r.Reads) - hostReads} in total");
        Console.WriteLine(report);
        foreach (var role in roles)
        {
            await role.DisposeAsync();
        }

        return 0;
    }
}
