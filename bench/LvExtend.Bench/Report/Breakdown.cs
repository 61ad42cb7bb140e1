using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Simulation;

namespace LvExtend.Bench.Report;

/// <summary>
/// One extension's timeline in milliseconds, host side (the sample) joined with the coordinator side (the audit
/// row): written -> detected -> dequeued -> validated -> fence check -> lvextend -> reply written -> reply seen -> refreshed;
/// <see cref="Between"/> is the coordinator's time from dequeue to the reply that no phase measured.
/// Host and coordinator are on the same machine, so their wall clocks agree.
/// </summary>
internal sealed record Breakdown(
    double Detection, double Queue, double Validate, double Lvextend, double Record, double Reply, double Between, double Pickup,
    double RoundTrip, double Refresh, double EndToEnd)
{
    /// <summary>The name of the queue part in <see cref="OverheadParts"/>.</summary>
    public const string QueuePart = "queue behind other requests";

    /// <summary>Round trip minus the lvextend itself.</summary>
    public double Overhead => RoundTrip - Lvextend;

    /// <summary>The overhead without the wait for the VG's single writer (requests queued behind other lvextends).</summary>
    public double OverheadWithoutQueue => Overhead - Queue;

    public static Breakdown Of(ExtensionSample sample, AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(row);
        var replyWritten = row.DetectedAt + TimeSpan.FromSeconds(row.TotalSeconds ?? 0);
        var replySeen = sample.SentAt + sample.RoundTrip;
        return new Breakdown(
            (row.DetectedAt - sample.SentAt).TotalMilliseconds,
            Ms(row.DetectSeconds) + Ms(row.WaitSeconds),
            Ms(row.ValidateSeconds),
            Ms(row.LvextendSeconds),
            Ms(row.RecordSeconds),
            Ms(row.ReplySeconds),
            // Dequeued -> reply written, minus the measured phases: the hops between them (awaits resumed on the thread
            // pool, the lvm process's exit reaching the worker).
            Math.Max(0, Ms(row.TotalSeconds) - Ms(row.DetectSeconds) - Ms(row.WaitSeconds) - Ms(row.ValidateSeconds)
                - Ms(row.LvextendSeconds) - Ms(row.RecordSeconds) - Ms(row.ReplySeconds)),
            (replySeen - replyWritten).TotalMilliseconds,
            sample.RoundTrip.TotalMilliseconds,
            sample.Refresh.TotalMilliseconds,
            sample.EndToEnd.TotalMilliseconds);
    }

    /// <summary>The parts of the overhead, named, for explanations.</summary>
    public IEnumerable<(string Name, double Ms)> OverheadParts()
    {
        yield return ("mailbox detection", Detection);
        yield return (QueuePart, Queue);
        yield return ("validate", Validate);
        yield return ("record (PostgreSQL)", Record);
        yield return ("reply write", Reply);
        yield return ("coordinator between phases", Between);
        yield return ("reply pickup by the host", Pickup);
    }

    private static double Ms(double? seconds) => (seconds ?? 0) * 1000;
}
