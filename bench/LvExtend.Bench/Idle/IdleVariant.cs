namespace LvExtend.Bench.Idle;

/// <summary>A named set of environment variables added to a measured process (<see cref="IdleVariants"/>).</summary>
internal sealed record IdleVariant(string Name, IReadOnlyList<KeyValuePair<string, string>> Variables);
