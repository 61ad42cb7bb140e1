using CsCheck;
using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Tests.Monitoring;

public sealed class ExtensionMathTests
{
    private const long Mib = ExtensionMath.Mib;
    private const long Gib = 1024 * Mib;

    [Fact]
    public void WatermarkLimit_Defaults_Is2048Mib()
    {
        Assert.Equal(2048 * Mib, ExtensionMath.WatermarkLimit(2560 * Mib, 20));
        Assert.Equal(512 * Mib, ExtensionMath.WatermarkLimit(1024 * Mib, 50));
    }

    [Fact]
    public void WatermarkLimit_TinyChunkAtHighUtilization_IsAtLeastOne()
    {
        Assert.Equal(1, ExtensionMath.WatermarkLimit(1, 99));
    }

    [Fact]
    public void Threshold_WorkedExampleOfTheReference()
    {
        // New 50 GiB disk, physical 2560 MiB: threshold 512 MiB, next 5120 MiB, then threshold 3072 MiB.
        var limit = ExtensionMath.WatermarkLimit(2560 * Mib, 20);
        Assert.Equal(512 * Mib, ExtensionMath.Threshold(2560 * Mib, limit));
        var next = ExtensionMath.NextSize(2560 * Mib, 50 * Gib, 2560 * Mib);
        Assert.Equal(5120 * Mib, next);
        Assert.Equal(3072 * Mib, ExtensionMath.Threshold(next, limit));
    }

    [Fact]
    public void Threshold_DriveSmallerThanTheLimit_IsOne()
    {
        Assert.Equal(1, ExtensionMath.Threshold(128 * Mib, 2048 * Mib));
    }

    [Theory]
    [InlineData(1L * 1024, 2048L)]
    [InlineData(2L * 1024, 3072L)]
    public void NextSize_BelowTheCap_IsPhysicalPlusChunk(long physicalMib, long expectedMib)
    {
        Assert.Equal(expectedMib * Mib, ExtensionMath.NextSize(physicalMib * Mib, 8 * Gib, 1 * Gib));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(0L)]
    [InlineData(1L)]
    public void NextSize_AroundTheCapacity_IsTheMaximum(long delta)
    {
        var capacity = 8 * Gib;
        Assert.Equal(ExtensionMath.MaxSize(capacity), ExtensionMath.NextSize(capacity + delta, capacity, 1 * Gib));
    }

    [Fact]
    public void MaxSize_IsCapacityTimesOnePointOneRoundedUpToMib()
    {
        Assert.Equal(9012 * Mib, ExtensionMath.MaxSize(8 * Gib)); // 8192 x 1.1 = 9011.2 -> 9012
        Assert.Equal(Mib, ExtensionMath.MaxSize(1));
    }

    [Fact]
    public void CanExtend_AtOrAboveTheMaximum_IsFalse()
    {
        Assert.False(ExtensionMath.CanExtend(11 * Gib, 10 * Gib));
        Assert.True(ExtensionMath.CanExtend(10 * Gib, 10 * Gib));
    }

    [Fact]
    public void NeedsExtend_IsFreeSpaceBelowTheLimit()
    {
        Assert.True(ExtensionMath.NeedsExtend(1 * Gib, 513 * Mib, 512 * Mib));
        Assert.False(ExtensionMath.NeedsExtend(1 * Gib, 512 * Mib, 512 * Mib));
    }

    [Fact]
    public void NextSize_Property_GrowsWhileExtendableAndNeverPassesTheMaximum()
    {
        Gen.Select(Gen.Long[1, 1L << 44], Gen.Long[1, 1L << 44], Gen.Long[1, 1L << 36])
            .Sample((physical, capacity, chunk) =>
            {
                var next = ExtensionMath.NextSize(physical, capacity, chunk);
                var max = ExtensionMath.MaxSize(capacity);
                return next <= max && next % Mib == 0 && (!ExtensionMath.CanExtend(physical, capacity) || next > physical);
            });
    }

    [Fact]
    public void Threshold_Property_IsPositiveAndLeavesTheLimitFree()
    {
        Gen.Select(Gen.Long[1, 1L << 44], Gen.Long[1, 1L << 36], Gen.Int[0, 99])
            .Sample((physical, chunk, percent) =>
            {
                var limit = ExtensionMath.WatermarkLimit(chunk, percent);
                var threshold = ExtensionMath.Threshold(physical, limit);
                return threshold >= 1 && (threshold == 1 || physical - threshold == limit);
            });
    }
}
