using System.Net;
using Spm.Coordinator.Hosting;

namespace Spm.Coordinator.Tests.Hosting;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7411", "127.0.0.1", 7411)]
    [InlineData("http://localhost:7411/", "127.0.0.1", 7411)]
    [InlineData("http://[::1]:80", "::1", 80)]
    [InlineData("http://*:0", "::", 0)]
    public void TryParse_ValidAddress_GivesTheEndpoint(string text, string address, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var endpoint, out var error), error);
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:7411")]
    [InlineData("https://127.0.0.1:7411")]
    [InlineData("http://127.0.0.1")]
    [InlineData("http://127.0.0.1:99999")]
    [InlineData("http://coordinator.example:7411")]
    public void TryParse_InvalidAddress_SaysWhy(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
