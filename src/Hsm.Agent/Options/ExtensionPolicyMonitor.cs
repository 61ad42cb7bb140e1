using Microsoft.Extensions.Options;

namespace Hsm.Agent.Options;

/// <summary>
/// The live extension policy: reloads with the configuration (appsettings.json, /etc/lvextend/agent.json),
/// validated on every change. An invalid change is logged and ignored (the last valid policy stays in
/// force) instead of failing the monitors; an invalid policy at start stops the agent, naming the setting.
/// </summary>
internal sealed partial class ExtensionPolicyMonitor : IOptionsMonitor<ExtensionPolicyOptions>
{
    private readonly IOptionsMonitor<ExtensionPolicyOptions> _inner;
    private readonly ILogger<ExtensionPolicyMonitor> _logger;
    private readonly ExtensionPolicyOptionsValidator _validator = new();
    private readonly Lock _lock = new();
    private ExtensionPolicyOptions _current;
    private ExtensionPolicyOptions? _rejected;

    public ExtensionPolicyMonitor(IOptionsMonitor<ExtensionPolicyOptions> inner, ILogger<ExtensionPolicyMonitor> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _logger = logger;
        var initial = inner.CurrentValue;
        var result = _validator.Validate(null, initial);
        if (result.Failed)
        {
            throw new OptionsValidationException(ExtensionPolicyOptions.SectionName, typeof(ExtensionPolicyOptions), result.Failures);
        }

        _current = initial;
    }

    public ExtensionPolicyOptions CurrentValue
    {
        get
        {
            var candidate = _inner.CurrentValue;
            lock (_lock)
            {
                if (ReferenceEquals(candidate, _current) || ReferenceEquals(candidate, _rejected))
                {
                    return _current;
                }

                var result = _validator.Validate(null, candidate);
                if (result.Failed)
                {
                    _rejected = candidate;
                    Log.Rejected(_logger, result.FailureMessage);
                    return _current;
                }

                _current = candidate;
                Log.Changed(_logger, candidate.UtilizationPercent, candidate.ChunkMib, candidate.CheckInterval.TotalSeconds,
                    candidate.Adaptive.Enabled, candidate.Adaptive.MinChunkMib, candidate.Adaptive.MaxChunkMib);
                return candidate;
            }
        }
    }

    public ExtensionPolicyOptions Get(string? name) => CurrentValue;

    public IDisposable? OnChange(Action<ExtensionPolicyOptions, string?> listener) =>
        _inner.OnChange((_, name) => listener(CurrentValue, name));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5500, EventName = "PolicyChanged", Level = LogLevel.Information,
            Message = "Extension policy now: utilization {UtilizationPercent}%, chunk {ChunkMib} MiB, check every {CheckSeconds} s, adaptive {AdaptiveEnabled} ({MinChunkMib}..{MaxChunkMib} MiB)")]
        public static partial void Changed(ILogger logger, int utilizationPercent, long chunkMib, double checkSeconds, bool adaptiveEnabled, long minChunkMib, long maxChunkMib);

        [LoggerMessage(EventId = 5501, EventName = "PolicyRejected", Level = LogLevel.Error,
            Message = "Extension policy change ignored, the previous policy stays in force: {Failures}")]
        public static partial void Rejected(ILogger logger, string failures);
    }
}
