namespace LvExtend.Bench;

/// <summary>The polling intervals of one run: the coordinator's mailbox scans and the hosts' reply polling.</summary>
/// <param name="Name">"tuned" or "baseline".</param>
/// <param name="EventInterval">Coordinator: how often the doorbell (events block) is read.</param>
/// <param name="FullScanInterval">Coordinator: how often every host block is read.</param>
/// <param name="HostPollInterval">Host: how often the reply block is read while a request is in flight.</param>
internal sealed record TimingProfile(string Name, TimeSpan EventInterval, TimeSpan FullScanInterval, TimeSpan HostPollInterval)
{
    /// <summary>The shipped defaults (coordinator 10 ms / 1 s, HostMailbox 25 ms).</summary>
    public static TimingProfile TunedDefault { get; } =
        new("tuned", TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(25));

    /// <summary>The reference's timings (vdsm: events 0.5 s, full scan 2 s, host polling 0.5 s).</summary>
    public static TimingProfile ReferenceDefault { get; } =
        new("baseline", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(500));

    /// <summary>One line for the report.</summary>
    public string Describe() =>
        $"coordinator events {Ms(EventInterval)}, full scan {Ms(FullScanInterval)}; host polling {Ms(HostPollInterval)}";

    private static string Ms(TimeSpan value) => value.TotalMilliseconds >= 1000 ? $"{value.TotalSeconds:0.###} s" : $"{value.TotalMilliseconds:0.###} ms";
}
