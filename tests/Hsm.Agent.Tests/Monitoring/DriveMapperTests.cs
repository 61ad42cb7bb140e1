using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;

namespace Hsm.Agent.Tests.Monitoring;

public sealed class DriveMapperTests
{
    private const string Domain = "3f2b3c1e-8f4a-4d2b-9a1c-0d9e8f7a6b5c";
    private const string Volume = "5a0c0a40-7d1b-4c3e-9d5b-0e1f2a3b4c5d";

    [Fact]
    public void TryMap_VgNamedByDomainUuid_MapsToDomainAndVolume()
    {
        var mapper = new DriveMapper(Microsoft.Extensions.Options.Options.Create(new AgentOptions()));

        var volume = mapper.TryMap($"/dev/{Domain}/{Volume}");

        Assert.Equal(new VolumeIdentity(Domain, Volume, Guid.Parse(Domain), Guid.Parse(Volume)), volume);
    }

    [Fact]
    public void TryMap_ExplicitDomainMapAndCustomRoot_UsesTheMap()
    {
        var domain = Guid.NewGuid();
        var mapper = new DriveMapper(Microsoft.Extensions.Options.Options.Create(new AgentOptions { DeviceRoot = "/run/lvx/dev/", Domains = { ["lvxt1"] = domain } }));

        var volume = mapper.TryMap($"/run/lvx/dev/lvxt1/{Volume}");

        Assert.Equal(domain, volume?.DomainId);
        Assert.Equal("lvxt1", volume?.VolumeGroup);
    }

    [Theory]
    [InlineData("/dev/lvxt1/" + Volume)]
    [InlineData("/dev/" + Domain + "/not-a-uuid")]
    [InlineData("/dev/" + Domain + "/" + Volume + "/extra")]
    [InlineData("/srv/" + Domain + "/" + Volume)]
    [InlineData("/dev/../srv/" + Domain + "/" + Volume)]
    [InlineData("relative/" + Domain + "/" + Volume)]
    [InlineData("")]
    public void TryMap_NotAPoolVolume_ReturnsNull(string path)
    {
        var mapper = new DriveMapper(Microsoft.Extensions.Options.Options.Create(new AgentOptions()));

        Assert.Null(mapper.TryMap(path));
    }
}
