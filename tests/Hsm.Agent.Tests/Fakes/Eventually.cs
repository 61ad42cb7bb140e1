using Microsoft.Extensions.Time.Testing;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>Waits (real time, generous timeout) for a condition, optionally advancing a fake clock meanwhile.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, FakeTimeProvider? advance = null, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"never true: {what}");
            }

            advance?.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Delay(5);
        }
    }
}
