using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>Counts the lvm commands the in-process coordinator runs, by command (from its duration histogram).</summary>
internal sealed class LvmCommandCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public LvmCommandCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Telemetry.CoordinatorTelemetry.Name && instrument.Name == "lvextend.lvm.command.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "command" && tag.Value is string command)
                {
                    _counts.AddOrUpdate(command, 1, (_, n) => n + 1);
                }
            }
        });
        _listener.Start();
    }

    /// <summary>How many commands whose name contains <paramref name="command"/> ran (e.g. "lvs", "lvextend").</summary>
    public int Count(string command) => _counts.Where(kv => kv.Key.Contains(command, StringComparison.Ordinal)).Sum(kv => kv.Value);

    public string Describe() => string.Join(", ", _counts.Select(kv => $"{kv.Key}={kv.Value}"));

    public void Dispose() => _listener.Dispose();
}
