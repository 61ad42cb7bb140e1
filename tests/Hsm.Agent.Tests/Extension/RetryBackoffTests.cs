using Hsm.Agent.Extension;

namespace Hsm.Agent.Tests.Extension;

public sealed class RetryBackoffTests
{
    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(3, 1000)]
    [InlineData(4, 2000)]
    [InlineData(5, 2000)]
    [InlineData(100, 2000)]
    public void Delay_DoublesUpToTheCap(int failures, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryBackoff.Delay(failures, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(2)));
    }
}
