using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Spm.Coordinator.Grpc;

namespace Spm.Coordinator.Tests.Grpc;

public class AdminAuthorizationInterceptorTests
{
    private const string Token = "interceptor-token-0123456789";

    private static AdminAuthorizationInterceptor Create(string? token) => new(
        new AdminAuthorizer(Microsoft.Extensions.Options.Options.Create(new AdminApiOptions { Token = token })),
        NullLogger<AdminAuthorizationInterceptor>.Instance);

    private static TestServerCallContext Context(string method, string? authorization, string remote)
    {
        var headers = new Metadata();
        if (authorization is not null)
        {
            headers.Add("authorization", authorization);
        }

        var http = new DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        return new TestServerCallContext($"/{AdminMethods.ServiceName}/{method}", headers, http);
    }

    [Theory]
    [InlineData("ExtendVolume")]
    [InlineData("AddPhysicalVolume")]
    [InlineData("SetPolicy")]
    public async Task Mutation_WithoutToken_PermissionDenied_ServiceNotCalled(string method)
    {
        var called = false;

        var ex = await Assert.ThrowsAsync<RpcException>(() => Create(Token).UnaryServerHandler<string, string>(
            "request", Context(method, null, "127.0.0.1"), (_, _) =>
            {
                called = true;
                return Task.FromResult("response");
            }));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.False(called);
    }

    [Fact]
    public async Task Mutation_WithToken_CallsTheService()
    {
        var response = await Create(Token).UnaryServerHandler<string, string>(
            "request", Context("ExtendVolume", "Bearer " + Token, "127.0.0.1"), (request, _) => Task.FromResult(request + "-served"));

        Assert.Equal("request-served", response);
    }

    [Fact]
    public async Task Mutation_NoTokenConfigured_PermissionDeniedWithReason()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Create(null).UnaryServerHandler<string, string>(
            "request", Context("SetPolicy", "Bearer " + Token, "127.0.0.1"), (_, _) => Task.FromResult("response")));

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains("no admin token is configured", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_FromLoopback_Open_FromRemote_NeedsToken()
    {
        var interceptor = Create(Token);

        var local = await interceptor.UnaryServerHandler<string, string>(
            "r", Context("GetStatus", null, "::1"), (_, _) => Task.FromResult("status"));
        var remote = await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "r", Context("GetStatus", null, "10.20.30.40"), (_, _) => Task.FromResult("status")));
        var remoteWithToken = await interceptor.UnaryServerHandler<string, string>(
            "r", Context("ListRequests", "Bearer " + Token, "10.20.30.40"), (_, _) => Task.FromResult("requests"));

        Assert.Equal("status", local);
        Assert.Equal(StatusCode.PermissionDenied, remote.StatusCode);
        Assert.Equal("requests", remoteWithToken);
    }
}
