using Microsoft.Extensions.Configuration;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Tests.Options;

/// <summary><c>Domains:N:UnknownCapacity</c>: Refuse (default) or DomainMaximum, bound from the configuration and validated.</summary>
public sealed class UnknownCapacityOptionTests
{
    private static CoordinatorOptions Bind(string? unknownCapacity)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Coordinator:Domains:0:DomainId"] = "5f0b3c9e-6a1d-4f47-9a55-1f4a3e2b7c10",
            ["Coordinator:Domains:0:PhysicalVolumes:0"] = "/dev/sdb",
        };
        if (unknownCapacity is not null)
        {
            settings["Coordinator:Domains:0:UnknownCapacity"] = unknownCapacity;
        }

        var options = new CoordinatorOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Coordinator").Bind(options);
        options.Mailbox.InboxPath = "/dev/mapper/inbox";
        options.Mailbox.OutboxPath = "/dev/mapper/outbox";
        return options;
    }

    private static List<string> Failures(CoordinatorOptions options) => ValidCoordinatorOptions.Failures(options);

    [Fact]
    public void Bind_NotSet_RefusesByDefault()
    {
        var options = Bind(null);
        Assert.Equal(UnknownCapacityPolicy.Refuse, options.Domains[0].EffectiveUnknownCapacity);
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Bind_DomainMaximum_IsValid()
    {
        var options = Bind("DomainMaximum");
        Assert.Equal(UnknownCapacityPolicy.DomainMaximum, options.Domains[0].EffectiveUnknownCapacity);
        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("Maximum")]
    [InlineData("7")]
    [InlineData("")]
    public void Validate_NeitherValue_NamesTheSetting(string value)
    {
        var options = Bind(value);
        var failure = Assert.Single(Failures(options));
        Assert.Contains("Coordinator:Domains:0:UnknownCapacity must be Refuse or DomainMaximum", failure, StringComparison.Ordinal);
    }
}
