using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox.Internal;

namespace Shared.Mailbox.Tests;

public sealed class PreciseTimerTests
{
    [Fact]
    public async Task Delay_SystemClock_CompletesInDueOrder()
    {
        var late = PreciseTimer.Delay(TimeSpan.FromMilliseconds(60), TimeProvider.System, CancellationToken.None);
        var early = PreciseTimer.Delay(TimeSpan.FromMilliseconds(0.5), TimeProvider.System, CancellationToken.None);

        Assert.Same(early, await Task.WhenAny(late, early));
        await late;
        Assert.True(late.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Delay_SystemClock_DoesNotCompleteBeforeItsTime()
    {
        var start = TimeProvider.System.GetTimestamp();
        await PreciseTimer.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);

        Assert.True(TimeProvider.System.GetElapsedTime(start) >= TimeSpan.FromMilliseconds(20));
    }

    [Fact]
    public async Task Delay_Cancelled_EndsCancelledAndLaterDelaysStillComplete()
    {
        using var cts = new CancellationTokenSource();
        var cancelled = PreciseTimer.Delay(TimeSpan.FromMinutes(10), TimeProvider.System, cts.Token);
        var other = PreciseTimer.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await other;
    }

    [Fact]
    public void Delay_FakeClock_IsDrivenByThatClock()
    {
        var time = new FakeTimeProvider();
        var delay = PreciseTimer.Delay(TimeSpan.FromMilliseconds(3), time, CancellationToken.None);

        time.Advance(TimeSpan.FromMilliseconds(2));
        Assert.False(delay.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(delay.IsCompletedSuccessfully);
    }
}
