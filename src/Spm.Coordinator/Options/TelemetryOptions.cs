namespace Spm.Coordinator.Options;

/// <summary>Metrics and traces, section <c>Coordinator:Telemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    /// <summary>
    /// Where the Prometheus scrape endpoint <c>/metrics</c> is served (HTTP/1.1); empty disables it.
    /// </summary>
    public string MetricsListen { get; set; } = "http://127.0.0.1:7414";

    /// <summary>An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>) for metrics and traces; none by default.</summary>
    public Uri? OtlpEndpoint { get; set; }
}
