using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Options;

public sealed class OptionsValidatorTests
{
    private static AgentOptions Valid() => new()
    {
        HostId = 7,
        PoolId = Guid.NewGuid(),
        InboxPath = "/tmp/inbox",
        OutboxPath = "/tmp/outbox",
    };

    [Fact]
    public void AgentOptions_Valid_Succeeds()
    {
        Assert.True(new AgentOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2001)]
    public void AgentOptions_HostIdOutOfRange_NamesTheSetting(int hostId)
    {
        var options = Valid();
        options.HostId = hostId;

        var result = new AgentOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:HostId", StringComparison.Ordinal));
    }

    [Fact]
    public void AgentOptions_Empty_ReportsEveryMissingSetting()
    {
        var result = new AgentOptionsValidator().Validate(null, new AgentOptions { DeviceRoot = "dev" });

        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("Agent:HostId", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:PoolId", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:InboxPath", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:OutboxPath", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:DeviceRoot", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void ActivationOptions_LoopWithoutDevices_NamesDevices()
    {
        var result = new ActivationOptionsValidator().Validate(null, new ActivationOptions { Backend = ActivationBackend.Loop });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Activation:Devices", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(100, 2560, "Agent:Policy:UtilizationPercent")]
    [InlineData(-1, 2560, "Agent:Policy:UtilizationPercent")]
    [InlineData(20, 0, "Agent:Policy:ChunkMib")]
    public void ExtensionPolicy_OutOfRange_NamesTheSetting(int percent, long chunk, string setting)
    {
        var result = new ExtensionPolicyOptionsValidator().Validate(null, new ExtensionPolicyOptions { UtilizationPercent = percent, ChunkMib = chunk });

        Assert.Contains(result.Failures!, f => f.StartsWith(setting, StringComparison.Ordinal));
    }

    [Fact]
    public void ExtensionPolicy_MaxDelayBelowInitial_Fails()
    {
        var result = new ExtensionPolicyOptionsValidator().Validate(null,
            new ExtensionPolicyOptions { RetryInitialDelay = TimeSpan.FromSeconds(3), RetryMaxDelay = TimeSpan.FromSeconds(1) });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Policy:RetryMaxDelay", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1000, 1000)]
    [InlineData(0, 1000)]
    [InlineData(601_000, 1000)]
    public void ExtensionPolicy_SafetyCheckIntervalNotPositiveOrTooLong_Fails(int safetyMs, int checkMs)
    {
        var result = new ExtensionPolicyOptionsValidator().Validate(null, new ExtensionPolicyOptions
        {
            CheckInterval = TimeSpan.FromMilliseconds(checkMs),
            SafetyCheckInterval = TimeSpan.FromMilliseconds(safetyMs),
        });

        Assert.Contains(result.Failures!, f => f.StartsWith("Agent:Policy:SafetyCheckInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void ExtensionPolicy_Defaults_AreValid()
    {
        Assert.True(new ExtensionPolicyOptionsValidator().Validate(null, new ExtensionPolicyOptions()).Succeeded);
    }
}
