using System.Diagnostics;

namespace Hsm.Agent.Telemetry;

/// <summary>The agent's telemetry source name, used for both the Meter and the ActivitySource.</summary>
public static class AgentTelemetry
{
    /// <summary>"LvExtend.Agent".</summary>
    public const string Name = "LvExtend.Agent";

    /// <summary>Spans for extensions.</summary>
    internal static readonly ActivitySource ActivitySource = new(Name);
}
