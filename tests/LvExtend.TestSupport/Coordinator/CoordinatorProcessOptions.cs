using Xunit.Abstractions;

namespace LvExtend.TestSupport.Coordinator;

/// <summary>How <see cref="CoordinatorProcess"/> runs the child (what it is configured with is <see cref="CoordinatorLaunchOptions"/>).</summary>
public sealed class CoordinatorProcessOptions
{
    /// <summary>Echo every output line here.</summary>
    public ITestOutputHelper? Output { get; init; }

    /// <summary>A short name for log prefixes (default: the instance id, else "coordinator").</summary>
    public string? Name { get; init; }

    /// <summary>How the configuration reaches the child.</summary>
    public CoordinatorConfigurationChannel Channel { get; init; } = CoordinatorConfigurationChannel.Arguments;

    /// <summary>Command-line arguments after the configuration (e.g. <c>--check-config</c>).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// Where Spm.Coordinator.dll is (e.g. a <c>dotnet publish</c> output), also the child's working directory (its
    /// appsettings.json); null: next to the test or benchmark assembly.
    /// </summary>
    public string? AppDirectory { get; init; }

    /// <summary>More environment variables for the child (a null value removes one).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
