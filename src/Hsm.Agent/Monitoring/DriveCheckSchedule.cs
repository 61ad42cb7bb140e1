using Hsm.Agent.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// When a VM's (or a libvirt connection's) periodic fallback check queries its drives next. Threshold events are
/// the primary signal (as in vdsm's thinp.py, which queries only the drives whose threshold is UNSET or EXCEEDED):
/// the query runs every <see cref="ExtensionPolicyOptions.CheckInterval"/> only while a drive needs it
/// (<see cref="DriveMonitor.NextCheckAt"/>) or the VM is paused on ENOSPC; otherwise at the earliest safety
/// re-check of an armed drive. One query answers for all the drives, so every drive is checked when it runs.
/// </summary>
internal static class DriveCheckSchedule
{
    /// <summary>
    /// The time of the next query: not before <paramref name="lastCheck"/> + CheckInterval, and not before the
    /// earliest drive is due; <see cref="DateTimeOffset.MaxValue"/> when there is no drive.
    /// </summary>
    public static DateTimeOffset Next(IEnumerable<DriveMonitor> drives, ExtensionPolicyOptions policy, DateTimeOffset lastCheck, bool pausedOnNoSpace)
    {
        ArgumentNullException.ThrowIfNull(drives);
        ArgumentNullException.ThrowIfNull(policy);
        var due = DateTimeOffset.MaxValue;
        foreach (var drive in drives)
        {
            var at = pausedOnNoSpace ? DateTimeOffset.MinValue : drive.NextCheckAt(policy);
            if (at < due)
            {
                due = at;
            }
        }

        if (due == DateTimeOffset.MaxValue)
        {
            return due;
        }

        var paced = lastCheck + policy.CheckInterval;
        return due > paced ? due : paced;
    }

    /// <summary>Waits <paramref name="delay"/> (infinite for <see cref="DateTimeOffset.MaxValue"/> - now) or until <paramref name="wake"/> completes.</summary>
    public static async Task SleepAsync(TimeSpan delay, Task wake, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = delay > MaxSleep ? MaxSleep : delay;
        var timer = Task.Delay(timeout, timeProvider, sleep.Token);
        await Task.WhenAny(wake, timer);
        // Whichever came first, the other timer must not stay armed.
        await sleep.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The longest single sleep (no drive: nothing is due; re-evaluate now and then all the same).</summary>
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMinutes(10);
}
