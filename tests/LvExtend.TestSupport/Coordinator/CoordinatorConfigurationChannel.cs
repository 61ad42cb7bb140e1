namespace LvExtend.TestSupport.Coordinator;

/// <summary>How <see cref="CoordinatorProcess"/> hands the configuration to the child.</summary>
public enum CoordinatorConfigurationChannel
{
    /// <summary>Command-line arguments, <c>--Key=Value</c>.</summary>
    Arguments,

    /// <summary>Environment variables, <c>Key__Sub=Value</c> (nothing of it on the command line).</summary>
    Environment,
}
