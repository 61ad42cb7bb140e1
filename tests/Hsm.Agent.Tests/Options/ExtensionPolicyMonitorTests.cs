using Hsm.Agent.Options;
using LvExtend.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Tests.Options;

public sealed class ExtensionPolicyMonitorTests
{
    [Fact]
    public void CurrentValue_ValidChange_TakesEffectAndNotifies()
    {
        var source = new TestOptionsMonitor<ExtensionPolicyOptions>(new ExtensionPolicyOptions());
        var monitor = new ExtensionPolicyMonitor(source, NullLogger<ExtensionPolicyMonitor>.Instance);
        ExtensionPolicyOptions? notified = null;
        monitor.OnChange((value, _) => notified = value);

        source.Set(new ExtensionPolicyOptions { ChunkMib = 128, UtilizationPercent = 50 });

        Assert.Equal(128, monitor.CurrentValue.ChunkMib);
        Assert.Equal(128, notified?.ChunkMib);
    }

    [Fact]
    public void CurrentValue_InvalidChange_KeepsTheLastValidPolicy()
    {
        var source = new TestOptionsMonitor<ExtensionPolicyOptions>(new ExtensionPolicyOptions { ChunkMib = 64 });
        var monitor = new ExtensionPolicyMonitor(source, NullLogger<ExtensionPolicyMonitor>.Instance);

        source.Set(new ExtensionPolicyOptions { ChunkMib = 0, UtilizationPercent = 120 });

        Assert.Equal(64, monitor.CurrentValue.ChunkMib);
        Assert.Equal(20, monitor.CurrentValue.UtilizationPercent);
    }

    [Fact]
    public void Constructor_InvalidInitialPolicy_FailsNamingTheSetting()
    {
        var source = new TestOptionsMonitor<ExtensionPolicyOptions>(new ExtensionPolicyOptions { ChunkMib = 0 });

        var error = Assert.Throws<OptionsValidationException>(() => new ExtensionPolicyMonitor(source, NullLogger<ExtensionPolicyMonitor>.Instance));

        Assert.Contains("Agent:Policy:ChunkMib", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidAdaptiveSection_FailsNamingTheSetting()
    {
        var source = new TestOptionsMonitor<ExtensionPolicyOptions>(new ExtensionPolicyOptions { Adaptive = { MinChunkMib = 4096, MaxChunkMib = 1024 } });

        var error = Assert.Throws<OptionsValidationException>(() => new ExtensionPolicyMonitor(source, NullLogger<ExtensionPolicyMonitor>.Instance));

        Assert.Contains("Agent:Policy:Adaptive:MaxChunkMib", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentValue_AdaptiveChanges_ValidTakesEffect_InvalidIgnored()
    {
        var source = new TestOptionsMonitor<ExtensionPolicyOptions>(new ExtensionPolicyOptions());
        var monitor = new ExtensionPolicyMonitor(source, NullLogger<ExtensionPolicyMonitor>.Instance);

        source.Set(new ExtensionPolicyOptions { Adaptive = { Enabled = false, MinChunkMib = 512 } });
        Assert.False(monitor.CurrentValue.Adaptive.Enabled);
        source.Set(new ExtensionPolicyOptions { Adaptive = { Enabled = true, Margin = 0.5 } });

        Assert.False(monitor.CurrentValue.Adaptive.Enabled);
        Assert.Equal(512, monitor.CurrentValue.Adaptive.MinChunkMib);
    }

    [Fact]
    public void Binding_AgentPolicyAdaptiveSection_FillsTheNestedOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:Policy:ChunkMib"] = "256",
            ["Agent:Policy:Adaptive:Enabled"] = "false",
            ["Agent:Policy:Adaptive:MaxChunkMib"] = "8192",
            ["Agent:Policy:Adaptive:MinExtensionInterval"] = "00:00:05",
        }).Build();

        var options = configuration.GetSection(ExtensionPolicyOptions.SectionName).Get<ExtensionPolicyOptions>()!;

        Assert.Equal(256, options.ChunkMib);
        Assert.False(options.Adaptive.Enabled);
        Assert.Equal(8192, options.Adaptive.MaxChunkMib);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Adaptive.MinExtensionInterval);
        Assert.Equal(1024, options.Adaptive.MinChunkMib);
        Assert.Equal(AdaptiveGrowthOptions.SectionName, ExtensionPolicyOptions.SectionName + ":" + nameof(ExtensionPolicyOptions.Adaptive));
    }
}
