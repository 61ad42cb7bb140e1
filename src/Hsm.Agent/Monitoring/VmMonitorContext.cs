using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>What every VM monitor shares: options, the extender, the mapper, clock, metrics, logging and the extension latencies.</summary>
internal sealed class VmMonitorContext(
    IOptions<AgentOptions> agentOptions,
    IOptionsMonitor<ExtensionPolicyOptions> policy,
    DriveExtender extender,
    DriveMapper mapper,
    TimeProvider timeProvider,
    AgentInstruments instruments,
    ILoggerFactory loggerFactory)
{
    public AgentOptions Options => agentOptions.Value;

    public IOptionsMonitor<ExtensionPolicyOptions> Policy => policy;

    public DriveExtender Extender => extender;

    public DriveMapper Mapper => mapper;

    public TimeProvider TimeProvider => timeProvider;

    public AgentInstruments Instruments => instruments;

    public ILoggerFactory LoggerFactory => loggerFactory;

    /// <summary>The recent extension durations of all the drives of this agent (rate-adaptive growth).</summary>
    public ExtensionLatencyTracker Latency { get; } = new(timeProvider);
}
