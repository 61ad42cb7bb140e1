using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Spm.Coordinator.Telemetry;

/// <summary>
/// The coordinator's metrics (Meter <see cref="CoordinatorTelemetry.Name"/>): phase durations, results,
/// LVM command durations, and gauges for VG free space, waiting requests and leadership.
/// </summary>
internal sealed class CoordinatorInstruments
{
    private readonly Histogram<double> _phase;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _checksumErrors;
    private readonly Histogram<double> _lvmCommand;
    private readonly ConcurrentDictionary<string, long> _vgFree = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.Ordinal);
    private volatile int _leader;
    private long _epoch;

    public CoordinatorInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(CoordinatorTelemetry.Name);
        _phase = meter.CreateHistogram<double>(
            "lvextend.coordinator.phase.duration", "s",
            "Duration of one phase of an extend request (detect, wait, validate, lvextend, record, reply, total).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _requests = meter.CreateCounter<long>("lvextend.coordinator.requests", "{request}", "Extend requests by result and source.");
        _checksumErrors = meter.CreateCounter<long>("lvextend.coordinator.checksum_errors", "{error}", "Host blocks that failed their checksum.");
        _lvmCommand = meter.CreateHistogram<double>("lvextend.lvm.command.duration", "s", "Duration of lvm commands by command and result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        meter.CreateObservableGauge("lvextend.coordinator.vg.free", ObserveVgFree, "By", "Free bytes of each VG, as last read.");
        meter.CreateObservableGauge("lvextend.coordinator.requests.waiting", ObserveWaiting, "{request}", "Requests waiting for space, by VG.");
        meter.CreateObservableGauge("lvextend.coordinator.leader", () => _leader, "{leader}", "1 while this instance leads, else 0.");
        meter.CreateObservableGauge("lvextend.coordinator.epoch", () => Interlocked.Read(ref _epoch), "{epoch}", "The epoch while leading, else 0.");
    }

    public void RecordPhase(string phase, TimeSpan duration)
    {
        if (_phase.Enabled)
        {
            _phase.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("phase", phase));
        }
    }

    public void CountRequest(string result, string source)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("result", result), new KeyValuePair<string, object?>("source", source));
        }
    }

    public void CountChecksumError(int hostId)
    {
        if (_checksumErrors.Enabled)
        {
            _checksumErrors.Add(1, new KeyValuePair<string, object?>("host", hostId));
        }
    }

    public void RecordLvmCommand(string command, TimeSpan duration, bool succeeded)
    {
        if (_lvmCommand.Enabled)
        {
            _lvmCommand.Record(
                duration.TotalSeconds,
                new KeyValuePair<string, object?>("command", command),
                new KeyValuePair<string, object?>("result", succeeded ? "ok" : "error"));
        }
    }

    public void SetVgFree(string vg, long freeBytes) => _vgFree[vg] = freeBytes;

    public void SetWaiting(string vg, int count) => _waiting[vg] = count;

    public void SetLeader(bool leader, long epoch)
    {
        _leader = leader ? 1 : 0;
        Interlocked.Exchange(ref _epoch, leader ? epoch : 0);
        if (!leader)
        {
            foreach (var vg in _waiting.Keys)
            {
                _waiting[vg] = 0;
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveVgFree() =>
        _vgFree.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("vg", p.Key)));

    private IEnumerable<Measurement<int>> ObserveWaiting() =>
        _waiting.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("vg", p.Key)));
}
