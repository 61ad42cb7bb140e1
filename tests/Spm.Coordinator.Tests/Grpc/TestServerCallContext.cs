using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Spm.Coordinator.Tests.Grpc;

/// <summary>A <see cref="ServerCallContext"/> for calling interceptors and services directly, with an HttpContext.</summary>
internal sealed class TestServerCallContext : ServerCallContext
{
    private readonly Dictionary<object, object> _userState = [];

    public TestServerCallContext(string method, Metadata requestHeaders, HttpContext httpContext)
    {
        MethodCore = method;
        RequestHeadersCore = requestHeaders;

        // Grpc.AspNetCore's GetHttpContext() falls back to this user-state key.
        _userState["__HttpContext"] = httpContext;
    }

    protected override string MethodCore { get; }

    protected override string HostCore => "localhost";

    protected override string PeerCore => "ipv4:127.0.0.1:5000";

    protected override DateTime DeadlineCore => DateTime.MaxValue;

    protected override Metadata RequestHeadersCore { get; }

    protected override CancellationToken CancellationTokenCore => CancellationToken.None;

    protected override Metadata ResponseTrailersCore { get; } = [];

    protected override Status StatusCore { get; set; }

    protected override WriteOptions? WriteOptionsCore { get; set; }

    protected override AuthContext AuthContextCore => new(null, []);

    protected override IDictionary<object, object> UserStateCore => _userState;

    protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
        throw new NotSupportedException();

    protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
}
