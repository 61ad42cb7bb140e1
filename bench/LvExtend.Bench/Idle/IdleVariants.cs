namespace LvExtend.Bench.Idle;

/// <summary>
/// Back-to-back comparisons in the idle phase: an environment variable (<c>LVX_COORDINATOR_IDLE_VARIANTS</c>,
/// <c>LVX_AGENT_IDLE_VARIANTS</c>) holding <c>name:VAR=value,VAR=value;name2:...</c>; each variant is one process
/// measured in turn, in the order given (a name may repeat: <c>a;b;a;b</c>), with those variables added
/// (<c>DOTNET_*</c> runtime settings override the runtimeconfig; <c>Coordinator__*</c>, <c>Agent__*</c> options).
/// A coordinator variant's <c>LVX_COORDINATOR_DIR=DIR</c> is not a variable: that variant runs the coordinator build in
/// DIR (e.g. the plain build next to LvExtend.Bench.dll against the ReadyToRun publish that --coordinator-dir gives).
/// </summary>
internal static class IdleVariants
{
    public const string Coordinator = "LVX_COORDINATOR_IDLE_VARIANTS";
    public const string Agent = "LVX_AGENT_IDLE_VARIANTS";
    public const string CoordinatorDirectory = "LVX_COORDINATOR_DIR";

    /// <summary>The variants in <paramref name="variable"/>; one plain run ("shipped") when it is unset or empty.</summary>
    public static IReadOnlyList<IdleVariant> Read(string variable) => Parse(variable, Environment.GetEnvironmentVariable(variable));

    /// <summary>Parses <paramref name="value"/> (see the class); <paramref name="variable"/> names it in errors.</summary>
    public static IReadOnlyList<IdleVariant> Parse(string variable, string? value)
    {
        var result = new List<IdleVariant>();
        foreach (var variant in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = variant.IndexOf(':', StringComparison.Ordinal);
            var variables = new List<KeyValuePair<string, string>>();
            foreach (var pair in colon < 0 ? [] : variant[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"{variable}: '{pair}' is not VAR=value");
                }

                variables.Add(new(pair[..equals], pair[(equals + 1)..]));
            }

            result.Add(new IdleVariant(colon < 0 ? variant : variant[..colon], variables));
        }

        return result.Count > 0 ? result : [new IdleVariant("shipped", [])];
    }
}
