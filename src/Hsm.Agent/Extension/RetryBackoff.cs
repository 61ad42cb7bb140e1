namespace Hsm.Agent.Extension;

/// <summary>Capped exponential backoff: initial x 2^(attempt-1), at most max.</summary>
internal static class RetryBackoff
{
    /// <summary>The delay before retry number <paramref name="failures"/> (1 = first retry).</summary>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max)
    {
        if (failures <= 1)
        {
            return initial < max ? initial : max;
        }

        var exponent = Math.Min(failures - 1, 30);
        var ticks = initial.Ticks * Math.Pow(2, exponent);
        return ticks >= max.Ticks ? max : TimeSpan.FromTicks((long)ticks);
    }
}
