using Spm.Coordinator.Options;

namespace Spm.Coordinator.Tests.Options;

/// <summary><c>Coordinator:AdvertiseAddress</c>: its validation at start and the default derived from <c>Coordinator:Listen</c>.</summary>
public sealed class AdvertiseAddressOptionTests
{
    private static CoordinatorOptions Valid(string? advertise, string listen = "http://127.0.0.1:7411")
    {
        var options = ValidCoordinatorOptions.Create();
        options.AdvertiseAddress = advertise;
        options.Listen = listen;
        return options;
    }

    private static List<string> Failures(CoordinatorOptions options) => ValidCoordinatorOptions.Failures(options);

    [Theory]
    [InlineData("http://spm-host-3.example.internal:7411", "http://spm-host-3.example.internal:7411")]
    [InlineData("https://SPM-Host-3.example.internal:8443/", "https://spm-host-3.example.internal:8443")]
    [InlineData("  http://10.0.0.7:7411  ", "http://10.0.0.7:7411")]
    [InlineData("http://[fd00::7]:7411", "http://[fd00::7]:7411")]
    [InlineData("https://spm.example.internal", "https://spm.example.internal")]
    public void Valid_Accepted_AndNormalized(string configured, string effective)
    {
        var options = Valid(configured);

        Assert.Empty(Failures(options));
        Assert.Equal(effective, options.EffectiveAdvertiseAddress);
    }

    [Theory]
    [InlineData("spm-host-3:7411", "absolute http:// or https://")]
    [InlineData("/var/run/coordinator.sock", "absolute http:// or https://")]
    [InlineData("ftp://spm-host-3:7411", "absolute http:// or https://")]
    [InlineData("http://spm-host-3:7411/admin", "no user, path, query or fragment")]
    [InlineData("http://spm-host-3:7411/?x=1", "no user, path, query or fragment")]
    [InlineData("http://user:pw@spm-host-3:7411", "no user, path, query or fragment")]
    [InlineData("http://0.0.0.0:7411", "wildcard")]
    [InlineData("http://[::]:7411", "wildcard")]
    public void Invalid_OneFailureNamingTheSetting(string configured, string why)
    {
        var options = Valid(configured);

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith($"Coordinator:AdvertiseAddress '{configured}' is not usable: ", failure, StringComparison.Ordinal);
        Assert.Contains(why, failure, StringComparison.Ordinal);
        Assert.Null(options.EffectiveAdvertiseAddress);
    }

    [Fact]
    public void TooLong_Refused()
    {
        var failure = Assert.Single(Failures(Valid("http://" + new string('a', 250) + ".example:7411")));

        Assert.Contains("longer than 255 characters", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://10.1.2.3:7411", "http://10.1.2.3:7411")]
    [InlineData("http://[fd00::7]:7411", "http://[fd00::7]:7411")]
    [InlineData("http://127.0.0.1:7411", null)] // loopback: a client on another machine would reach itself
    [InlineData("http://localhost:7411", null)]
    [InlineData("http://[::1]:7411", null)]
    [InlineData("http://0.0.0.0:7411", null)] // wildcard: which of the machine's addresses?
    [InlineData("http://*:7411", null)]
    [InlineData("http://10.1.2.3:0", null)] // the port is chosen at bind time
    [InlineData("not a listen address", null)]
    public void Unset_DerivedFromAConcreteListenAddressOnly(string listen, string? derived)
    {
        var options = Valid(advertise: null, listen);

        Assert.Equal(derived, options.EffectiveAdvertiseAddress);
        Assert.DoesNotContain(Failures(options), f => f.Contains("AdvertiseAddress", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Empty_AdvertisesNothing_EvenWithAConcreteListenAddress(string configured)
    {
        var options = Valid(configured, listen: "http://10.1.2.3:7411");

        Assert.Empty(Failures(options));
        Assert.Null(options.EffectiveAdvertiseAddress);
    }
}
