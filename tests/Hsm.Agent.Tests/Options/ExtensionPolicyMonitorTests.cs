using Hsm.Agent.Options;
using Hsm.Agent.Tests.Fakes;
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
}
