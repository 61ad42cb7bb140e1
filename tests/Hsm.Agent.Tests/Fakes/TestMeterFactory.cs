using System.Diagnostics.Metrics;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>A minimal <see cref="IMeterFactory"/> for constructing instruments in unit tests.</summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose()
    {
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }
}
