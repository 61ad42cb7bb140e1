using System.Diagnostics;

namespace Spm.Coordinator.Telemetry;

/// <summary>The coordinator's telemetry names: one for the <see cref="ActivitySource"/> and the Meter.</summary>
public static class CoordinatorTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "LvExtend.Coordinator";

    /// <summary>Spans: one per extend request (<c>lvextend.coordinator.extend</c>), one per term.</summary>
    internal static ActivitySource ActivitySource { get; } = new(Name);
}
