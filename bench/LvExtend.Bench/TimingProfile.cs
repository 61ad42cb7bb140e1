namespace LvExtend.Bench;

/// <summary>The polling intervals of one run: the coordinator's mailbox scans and the hosts' reply polling.</summary>
/// <param name="Name">"tuned" or "baseline".</param>
/// <param name="EventInterval">
/// Coordinator: how often the doorbell (events block) is read while active (<c>Coordinator:Mailbox:EventInterval</c>; its
/// idle interval and active window keep the coordinator's defaults).
/// </param>
/// <param name="FullScanInterval">Coordinator: how often every host block is read.</param>
/// <param name="HostPollInterval">
/// Host: <c>HostMailboxOptions.PollInterval</c>, how often the reply block is read while a request is in flight once
/// the fast-poll window after each write (the HostMailbox defaults: every 1 ms for 300 ms) has passed.
/// </param>
internal sealed record TimingProfile(string Name, TimeSpan EventInterval, TimeSpan FullScanInterval, TimeSpan HostPollInterval)
{
    /// <summary>
    /// The tuned run: the shipped defaults, read from the options types themselves so that the bench measures what
    /// ships (coordinator: <c>ManagerMailboxOptions</c>, whose defaults <c>CoordinatorMailboxOptions</c> repeats, doorbell 2 ms while active, full scan 1 s; host:
    /// <c>HostMailboxOptions</c>, reply poll 25 ms after the 1 ms / 300 ms fast window).
    /// </summary>
    public static TimingProfile TunedDefault { get; } = Shipped();

    /// <summary>
    /// The reference's timings (vdsm: events 0.5 s, full scan 2 s, host polling 0.5 s). The simulated hosts keep the
    /// HostMailbox's fast-poll window, which vdsm does not have.
    /// </summary>
    public static TimingProfile ReferenceDefault { get; } =
        new("baseline", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500));

    private static TimingProfile Shipped()
    {
        var coordinator = new Shared.Mailbox.ManagerMailboxOptions();
        var host = new Shared.Mailbox.HostMailboxOptions();
        return new("tuned", coordinator.EventInterval, coordinator.FullScanInterval, host.PollInterval);
    }

    /// <summary>One line for the report.</summary>
    public string Describe() =>
        $"coordinator events {Ms(EventInterval)}, full scan {Ms(FullScanInterval)}; host polling {Ms(HostPollInterval)}";

    private static string Ms(TimeSpan value) => value.TotalMilliseconds >= 1000 ? $"{value.TotalSeconds:0.###} s" : $"{value.TotalMilliseconds:0.###} ms";
}
