namespace LvExtend.Bench.Idle;

/// <summary>One process measured in turn with the others of a back-to-back comparison (<see cref="IdleVariants"/>).</summary>
/// <param name="Name">The variant's name.</param>
/// <param name="Environment">The environment variables it added, <c>VAR=value</c>.</param>
/// <param name="LoadBefore">The machine's load averages (1, 5, 15 min) when its measurement started.</param>
/// <param name="LoadAfter">When it ended.</param>
/// <param name="Cpu">Its CPU per window (its threads' schedstat run time).</param>
/// <param name="TicksPercent">Its utime+stime over all windows (10 ms ticks): a cross-check.</param>
/// <param name="Threads">Its threads over all windows.</param>
/// <param name="SettleCpuPercent">Its utime+stime before the windows (active window and settle), null for an agent (not measured).</param>
internal sealed record IdleVariantResult(
    string Name, IReadOnlyList<string> Environment, string LoadBefore, string LoadAfter, CpuWindows Cpu, double TicksPercent, IReadOnlyList<ThreadGroupCpu> Threads,
    double? SettleCpuPercent = null);
