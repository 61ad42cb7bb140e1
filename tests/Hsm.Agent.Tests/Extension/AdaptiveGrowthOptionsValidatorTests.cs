using Hsm.Agent.Options;
using Microsoft.Extensions.Configuration;

namespace Hsm.Agent.Tests.Extension;

public sealed class AdaptiveGrowthOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new AdaptiveGrowthOptionsValidator().Validate(null, new AdaptiveGrowthOptions()).Succeeded);
    }

    [Fact]
    public void Validate_EverythingWrong_NamesEverySetting()
    {
        var options = new AdaptiveGrowthOptions
        {
            MinChunkMib = 0,
            MaxChunkMib = -1,
            MinHeadroomMib = 0,
            Margin = double.NaN,
            MinHeadroomTime = TimeSpan.FromMinutes(2),
            MinExtensionInterval = TimeSpan.FromSeconds(-1),
            InitialExtensionLatency = TimeSpan.Zero,
            BootstrapLatencyFactor = 0.5,
            LatencySamples = 0,
            MinLatencySamples = -1,
            LatencyWindow = TimeSpan.Zero,
            RateDecayTime = TimeSpan.Zero,
            MinSampleInterval = TimeSpan.FromSeconds(-1),
            MaxRateMibps = 0,
        };

        var failures = string.Join('\n', new AdaptiveGrowthOptionsValidator().Validate(null, options).Failures!);

        foreach (var setting in new[]
        {
            "MinChunkMib", "MaxChunkMib", "MinHeadroomMib", "Margin", "MinHeadroomTime", "MinExtensionInterval", "InitialExtensionLatency", "BootstrapLatencyFactor",
            "LatencySamples",
            "MinLatencySamples", "LatencyWindow", "RateDecayTime", "MinSampleInterval", "MaxRateMibps",
        })
        {
            Assert.Contains($"Agent:Policy:Adaptive:{setting} ", failures, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Binding_MinHeadroomTimeAndLatencyWindow_AreReadFromTheSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:Policy:Adaptive:MinHeadroomTime"] = "00:00:03.500",
            ["Agent:Policy:Adaptive:LatencyWindow"] = "00:02:00",
        }).Build();

        var options = configuration.GetSection(AdaptiveGrowthOptions.SectionName).Get<AdaptiveGrowthOptions>()!;

        Assert.Equal(TimeSpan.FromSeconds(3.5), options.MinHeadroomTime);
        Assert.Equal(TimeSpan.FromMinutes(2), options.LatencyWindow);
        Assert.Equal(1.75, options.Margin);
        Assert.True(new AdaptiveGrowthOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NoTimeFloor_Succeeds()
    {
        Assert.True(new AdaptiveGrowthOptionsValidator().Validate(null, new AdaptiveGrowthOptions { MinHeadroomTime = TimeSpan.Zero }).Succeeded);
    }

    [Fact]
    public void Validate_MaxChunkBelowMinChunk_Fails()
    {
        var result = new AdaptiveGrowthOptionsValidator().Validate(null, new AdaptiveGrowthOptions { MinChunkMib = 2048, MaxChunkMib = 1024 });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Policy:Adaptive:MaxChunkMib (1024) must be at least MinChunkMib", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HeadroomAboveTheMaxChunk_Fails()
    {
        var result = new AdaptiveGrowthOptionsValidator().Validate(null, new AdaptiveGrowthOptions { MinHeadroomMib = 20_000 });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Policy:Adaptive:MinHeadroomMib", StringComparison.Ordinal));
    }
}
