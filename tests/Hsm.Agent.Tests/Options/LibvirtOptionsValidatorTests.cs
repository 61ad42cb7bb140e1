using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Options;

public sealed class LibvirtOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new LibvirtOptionsValidator().Validate(null, new LibvirtOptions()).Succeeded);
    }

    [Fact]
    public void Validate_Bad_ReportsEverySettingByName()
    {
        var result = new LibvirtOptionsValidator().Validate(null, new LibvirtOptions
        {
            Uri = "system",
            KeepAliveInterval = TimeSpan.Zero,
            KeepAliveCount = 0,
            ReconnectInitialDelay = TimeSpan.FromSeconds(10),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        });

        var failures = string.Join('\n', result.Failures!);
        Assert.Contains("Agent:Libvirt:Uri", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:Libvirt:KeepAliveInterval", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:Libvirt:KeepAliveCount", failures, StringComparison.Ordinal);
        Assert.Contains("Agent:Libvirt:ReconnectInitialDelay", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void AgentOptions_LibvirtSource_NeedsNoVmDirectory()
    {
        var options = new AgentOptions
        {
            HostId = 1,
            PoolId = Guid.NewGuid(),
            InboxPath = "/tmp/inbox",
            OutboxPath = "/tmp/outbox",
            VmSource = VmSourceKind.Libvirt,
            VmDirectory = string.Empty,
        };

        Assert.True(new AgentOptionsValidator().Validate(null, options).Succeeded);
        options.VmSource = (VmSourceKind)7;
        Assert.Contains(new AgentOptionsValidator().Validate(null, options).Failures!, f => f.StartsWith("Agent:VmSource", StringComparison.Ordinal));
    }
}
