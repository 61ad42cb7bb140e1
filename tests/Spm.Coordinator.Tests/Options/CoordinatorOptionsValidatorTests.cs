using Spm.Coordinator.Options;

namespace Spm.Coordinator.Tests.Options;

public sealed class CoordinatorOptionsValidatorTests
{
    private const string ConnectionString = ValidCoordinatorOptions.ConnectionString;

    private static CoordinatorOptions Valid() => ValidCoordinatorOptions.Create();

    private static List<string> Failures(CoordinatorOptions options, string? connectionString = ConnectionString) =>
        ValidCoordinatorOptions.Failures(options, connectionString);

    [Fact]
    public void Validate_DefaultsWithRequiredSettings_Succeeds()
    {
        Assert.Empty(Failures(Valid()));
    }

    [Fact]
    public void Validate_Defaults_MatchTheDocumentedValues()
    {
        var options = new CoordinatorOptions();
        Assert.Equal(TimeSpan.FromSeconds(2), options.Lease.Ttl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Lease.RenewInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Lease.AcquireInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Lease.SafetyMargin);
        Assert.DoesNotContain(Failures(options), f => f.StartsWith("Coordinator:Lease", StringComparison.Ordinal));
        Assert.Equal("http://127.0.0.1:7411", options.Listen);
        Assert.Equal("lvm", options.Lvm.CommandPath);
        Assert.Equal(2, options.Lvm.ConcurrentExtends);
        Assert.Equal(1.1, options.Extension.CapFactor);
        Assert.Equal(250, options.Mailbox.MaxHosts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Mailbox.IdleFullScanInterval);
        Assert.Equal(new Shared.Mailbox.ManagerMailboxOptions().IdleFullScanInterval, options.Mailbox.IdleFullScanInterval);
    }

    [Fact]
    public void Validate_MissingEverything_NamesEachSetting()
    {
        var failures = Failures(new CoordinatorOptions(), connectionString: null);
        Assert.Contains(failures, f => f.StartsWith("ConnectionStrings:Postgres", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Coordinator:Mailbox:InboxPath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Coordinator:Mailbox:OutboxPath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Coordinator:Domains", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public void Validate_ConcurrentExtends_OneToEight(int concurrent, bool valid)
    {
        var options = Valid();
        options.Lvm.ConcurrentExtends = concurrent;
        var failures = Failures(options).Where(f => f.StartsWith("Coordinator:Lvm:ConcurrentExtends", StringComparison.Ordinal)).ToList();
        Assert.Equal(valid, failures.Count == 0);
    }

    [Fact]
    public void Validate_RenewIntervalTooLongForTheTtl_Fails()
    {
        var options = Valid();
        options.Lease.RenewInterval = TimeSpan.FromSeconds(4);
        Assert.Contains(Failures(options), f => f.StartsWith("Coordinator:Lease:RenewInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SafetyMarginOfHalfTheTtl_Fails()
    {
        var options = Valid();
        options.Lease.SafetyMargin = TimeSpan.FromSeconds(3);
        Assert.Contains(Failures(options), f => f.StartsWith("Coordinator:Lease:SafetyMargin", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DomainProblems_NameTheDomainIndex()
    {
        var options = Valid();
        var duplicate = new DomainOptions { DomainId = options.Domains[0].DomainId, VgName = "bad name!" };
        duplicate.PhysicalVolumes.Add("relative/path");
        options.Domains.Add(duplicate);

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("Coordinator:Domains:1:DomainId", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Coordinator:Domains:1:VgName", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Coordinator:Domains:1:PhysicalVolumes", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_DefaultVgName_IsTheDomainUuid()
    {
        var domain = new DomainOptions { DomainId = Guid.Parse("0a1b2c3d-0000-4000-8000-000000000001") };
        Assert.Equal("0a1b2c3d-0000-4000-8000-000000000001", domain.EffectiveVgName);
    }

    [Theory]
    [InlineData("Listen", "https://127.0.0.1:7411")]
    [InlineData("Listen", "http://example.com:7411")]
    [InlineData("Listen", "http://127.0.0.1")]
    [InlineData("MaxHosts", "0")]
    [InlineData("CapFactor", "0.9")]
    [InlineData("RequestBurst", "0")]
    [InlineData("IdleFullScanInterval", "00:00:00")]
    [InlineData("IdleFullScanInterval", "00:02:00")]
    public void Validate_OutOfRangeValue_NamesTheSetting(string setting, string value)
    {
        var options = Valid();
        switch (setting)
        {
            case "Listen": options.Listen = value; break;
            case "MaxHosts": options.Mailbox.MaxHosts = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "CapFactor": options.Extension.CapFactor = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "RequestBurst": options.HostLimits.RequestBurst = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "IdleFullScanInterval": options.Mailbox.IdleFullScanInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
        }

        var failure = Assert.Single(Failures(options));
        Assert.Contains(setting, failure, StringComparison.Ordinal);
    }
}
