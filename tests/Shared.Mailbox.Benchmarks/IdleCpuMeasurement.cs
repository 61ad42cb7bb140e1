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

        // Phase 1: just after the hosts' start writes (the doorbell is at the active interval); phase 2: once the
        // active window has passed with no ring (the idle interval).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Measure("active window", manager, options, roles, hosts, startHosts, Math.Min(seconds, options.ActiveWindow.TotalSeconds - 3));
        await Task.Delay(options.ActiveWindow);
        Measure("idle", manager, options, roles, hosts, startHosts, seconds);
        await manager.StopAsync(CancellationToken.None);
        MeasureFloor(files.InboxPath, options.IdleEventInterval, seconds);
        foreach (var role in roles)
        {
            await role.DisposeAsync();
        }

        return 0;
    }

    private static void Measure(string phase, ManagerMailbox manager, ManagerMailboxOptions options, List<HostMailbox> roles, int hosts, bool startHosts, double seconds)
    {
        var hostReads = roles.Sum(r => r.Reads);
        var (doorbells, scans) = (manager.DoorbellReads, manager.FullScans);
        var cpu = ProcessCpu.Used();
        var clock = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(Math.Max(1, seconds)));
        var elapsed = clock.Elapsed.TotalSeconds;
        var used = (ProcessCpu.Used() - cpu).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {hosts} hosts ({(startHosts ? "host roles started" : "no host roles")}), doorbell {options.EventInterval.TotalMilliseconds} ms active / "
            + $"{options.IdleEventInterval.TotalMilliseconds} ms idle, full scan {options.FullScanInterval.TotalSeconds} s, {elapsed:F1} s: "
            + $"CPU {100 * used / elapsed:F3} % of a core (/proc/self/stat); "
            + $"doorbell reads {(manager.DoorbellReads - doorbells) / elapsed:F0}/s, full scans {(manager.FullScans - scans) / elapsed:F2}/s, "
            + $"host reply-block reads {roles.Sum(r => r.Reads) - hostReads}"));
    }

    /// <summary>
    /// The floor in the same window: a bare thread that sleeps one idle interval and reads one 4 KiB block with
    /// direct I/O, nothing else (what any poller at that rate costs on this machine, now).
    /// </summary>
    private static void MeasureFloor(string path, TimeSpan interval, double seconds)
    {
        using var device = MailboxDevice.Open(path, MailboxIoMode.Direct, writable: false);
        using var buffer = new MailboxBuffer(1);
        var reads = 0;
        var onCpu = ProcessCpu.ThreadOnCpu();
        var process = ProcessCpu.Used();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Thread.Sleep(interval);
            device.Read(0, buffer.Span);
            reads++;
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var used = (ProcessCpu.ThreadOnCpu() - onCpu).TotalSeconds;
        var usedByProcess = (ProcessCpu.Used() - process).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"floor (same window): sleep {interval.TotalMilliseconds} ms + one 4 KiB direct read, {reads / elapsed:F0}/s: {100 * used / elapsed:F3} % of a core (thread schedstat), {100 * usedByProcess / elapsed:F3} % (/proc/self/stat), "
            + $"{1e6 * used / reads:F0} us CPU per tick"));
    }
}
