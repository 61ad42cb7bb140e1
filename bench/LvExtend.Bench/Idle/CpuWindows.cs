namespace LvExtend.Bench.Idle;

/// <summary>
/// A process's CPU over consecutive windows of equal length (percent of one core each): on a shared machine one window
/// can be disturbed, so the median is the figure and the minimum and maximum show the spread.
/// </summary>
/// <param name="Percents">Each window's CPU, in order.</param>
/// <param name="Median">Their median (the mean of the two middle ones for an even count).</param>
/// <param name="Min">The lowest.</param>
/// <param name="Max">The highest.</param>
internal sealed record CpuWindows(IReadOnlyList<double> Percents, double Median, double Min, double Max)
{
    /// <summary>Summarizes <paramref name="percents"/> (at least one).</summary>
    public static CpuWindows Of(IReadOnlyList<double> percents)
    {
        ArgumentNullException.ThrowIfNull(percents);
        if (percents.Count == 0)
        {
            throw new ArgumentException("At least one window.", nameof(percents));
        }

        var sorted = percents.Order().ToArray();
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new CpuWindows([.. percents], median, sorted[0], sorted[^1]);
    }
}
