using System.Net;
using CsCheck;
using Spm.Coordinator.Grpc;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminAuthorizerTests
{
    private const string Token = "s3cret-token-0123456789";

    private static AdminAuthorizer Create(string? token) => new(Microsoft.Extensions.Options.Options.Create(new AdminApiOptions { Token = token }));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Authorize_ReadFromLoopback_AllowedWithoutToken(string address)
    {
        var decision = Create(null).Authorize(AdminCallKind.Read, null, IPAddress.Parse(address));

        Assert.True(decision.Allowed);
        Assert.Null(decision.DenialReason);
    }

    [Fact]
    public void Authorize_ReadWithoutRemoteAddress_TreatedAsLocal()
    {
        Assert.True(Create(null).Authorize(AdminCallKind.Read, null, null).Allowed);
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.0.7")]
    [InlineData("fe80::1")]
    [InlineData("::ffff:10.1.2.3")]
    public void Authorize_ReadFromRemote_NeedsTheToken(string address)
    {
        var remote = IPAddress.Parse(address);
        var authorizer = Create(Token);

        var without = authorizer.Authorize(AdminCallKind.Read, null, remote);
        var wrong = authorizer.Authorize(AdminCallKind.Read, "Bearer not-the-token-at-all", remote);
        var right = authorizer.Authorize(AdminCallKind.Read, "Bearer " + Token, remote);

        Assert.False(without.Allowed);
        Assert.Contains("non-loopback", without.DenialReason, StringComparison.Ordinal);
        Assert.False(wrong.Allowed);
        Assert.True(right.Allowed);
    }

    [Fact]
    public void Authorize_ReadFromRemote_NoTokenConfigured_DeniedAndSaysSo()
    {
        var decision = Create(null).Authorize(AdminCallKind.Read, "Bearer " + Token, IPAddress.Parse("10.0.0.5"));

        Assert.False(decision.Allowed);
        Assert.Contains("Coordinator:Admin:Token", decision.DenialReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer " + Token)]
    [InlineData("Bearer anything-else-entirely")]
    public void Authorize_MutationWithNoTokenConfigured_AlwaysDenied(string? header)
    {
        var decision = Create(null).Authorize(AdminCallKind.Mutation, header, IPAddress.Loopback);

        Assert.False(decision.Allowed);
        Assert.Contains("no admin token is configured", decision.DenialReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorize_MutationWithoutHeader_DeniedEvenFromLoopback()
    {
        var decision = Create(Token).Authorize(AdminCallKind.Mutation, null, IPAddress.Loopback);

        Assert.False(decision.Allowed);
        Assert.Contains("need the admin token", decision.DenialReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer s3cret-token-012345678")]
    [InlineData("Bearer s3cret-token-01234567890")]
    [InlineData("Bearer S3CRET-TOKEN-0123456789")]
    [InlineData("Basic " + Token)]
    [InlineData(Token)]
    [InlineData("Bearer ")]
    public void Authorize_MutationWithWrongToken_Denied(string header)
    {
        var decision = Create(Token).Authorize(AdminCallKind.Mutation, header, IPAddress.Loopback);

        Assert.False(decision.Allowed);
        Assert.NotNull(decision.DenialReason);
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("BEARER  " + Token + " ")]
    public void Authorize_MutationWithToken_Allowed(string header)
    {
        Assert.True(Create(Token).Authorize(AdminCallKind.Mutation, header, IPAddress.Loopback).Allowed);
        Assert.True(Create(Token).Authorize(AdminCallKind.Mutation, header, IPAddress.Parse("10.9.8.7")).Allowed);
    }

    [Fact]
    public void HasToken_ReflectsConfiguration()
    {
        Assert.False(Create(null).HasToken);
        Assert.False(Create(string.Empty).HasToken);
        Assert.True(Create(Token).HasToken);
    }

    [Theory]
    [InlineData(null, false, "")]
    [InlineData("", false, "")]
    [InlineData("Bearer", false, "")]
    [InlineData("Bearer    ", false, "")]
    [InlineData("Basic abc", false, "")]
    [InlineData("Bearer abc", true, "abc")]
    [InlineData("bEaReR x.y-z", true, "x.y-z")]
    public void TryGetBearerToken_ParsesTheScheme(string? header, bool expected, string token)
    {
        Assert.Equal(expected, AdminAuthorizer.TryGetBearerToken(header, out var parsed));
        Assert.Equal(token, parsed);
    }

    [Fact]
    public void TokenMatches_EqualsOrdinalStringEquality()
    {
        // A small alphabet makes equal and nearly equal pairs frequent; header values are ASCII.
        var tokens = Gen.String["ab1-"];
        Gen.Select(tokens, tokens).Sample((presented, expected) =>
            AdminAuthorizer.TokenMatches(presented, AdminAuthorizer.Hash(expected)) == string.Equals(presented, expected, StringComparison.Ordinal));
        Gen.String["!-~ azAZ09"].Sample(token => AdminAuthorizer.TokenMatches(token, AdminAuthorizer.Hash(token)));
    }
}
