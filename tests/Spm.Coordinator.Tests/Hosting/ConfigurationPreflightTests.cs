using Microsoft.Extensions.Configuration;
using Spm.Coordinator.Hosting;

namespace Spm.Coordinator.Tests.Hosting;

public sealed class ConfigurationPreflightTests
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["ConnectionStrings:Postgres"] = "Host=db;Username=u;Database=d",
        ["Coordinator:Lease:Ttl"] = "00:00:02",
        ["Coordinator:Mailbox:MaxHosts"] = "250",
        ["Coordinator:Mailbox:IoMode"] = "Direct",
        ["Coordinator:Domains:0:DomainId"] = "8adbc85e-e554-4ae0-b318-8a5465fe5fe1",
        ["Coordinator:Domains:0:PhysicalVolumes:0"] = "/dev/sdb",
        ["Coordinator:Extension:CapFactor"] = "1.1",
    };

    [Fact]
    public void Check_ValidConfiguration_NoProblem()
    {
        Assert.Empty(ConfigurationPreflight.Check(Build(Valid)));
    }

    [Fact]
    public void Check_UnparsableValues_OneLineEach_NamingTheKeyAsWritten()
    {
        var root = new ConfigurationBuilder()
            .AddInMemoryCollection(Valid)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Coordinator:Extension:CapFactor"] = "one" })
            .AddCommandLine(["--Coordinator:Lease:Ttl=5x", "--Coordinator:Domains:0:DomainId=sdb", "--Coordinator:Mailbox:IoMode=Fast"])
            .Build();

        var problems = ConfigurationPreflight.Check(root);

        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("--Coordinator:Lease:Ttl '5x' is not a duration", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--Coordinator:Domains:0:DomainId 'sdb' is not a UUID: a storage domain", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("--Coordinator:Mailbox:IoMode 'Fast' must be one of Direct", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Coordinator:Extension:CapFactor 'one' is not a number", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_MalformedConnectionString_NamesIt()
    {
        var problems = ConfigurationPreflight.Check(Build(new Dictionary<string, string?>(Valid) { ["ConnectionStrings:Postgres"] = "Host=db;Bogus Key=1" }));

        var problem = Assert.Single(problems);
        Assert.StartsWith("ConnectionStrings:Postgres is not a valid Npgsql connection string", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void NameKeyAsWritten_ValidationFailure_FromTheEnvironment_UsesTheVariableName()
    {
        Environment.SetEnvironmentVariable("LVXPREFLIGHTTEST_Coordinator__Lease__Ttl", "00:00:00.5");
        try
        {
            var root = new ConfigurationBuilder().AddInMemoryCollection(Valid).AddEnvironmentVariables("LVXPREFLIGHTTEST_").Build();

            var line = ConfigurationPreflight.NameKeyAsWritten(root, "Coordinator:Lease:Ttl must be within [1 s, 10 min].");

            Assert.Equal("environment Coordinator__Lease__Ttl must be within [1 s, 10 min].", line);
        }
        finally
        {
            Environment.SetEnvironmentVariable("LVXPREFLIGHTTEST_Coordinator__Lease__Ttl", null);
        }
    }

    private static IConfigurationRoot Build(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
