using System.Net;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Enforces <see cref="AdminAuthorizer"/> on every Admin call before the service runs: a denied call fails
/// with <see cref="StatusCode.PermissionDenied"/> and changes nothing.
/// </summary>
internal sealed partial class AdminAuthorizationInterceptor : Interceptor
{
    private readonly AdminAuthorizer _authorizer;
    private readonly ILogger<AdminAuthorizationInterceptor> _logger;

    public AdminAuthorizationInterceptor(AdminAuthorizer authorizer, ILogger<AdminAuthorizationInterceptor> logger)
    {
        _authorizer = authorizer;
        _logger = logger;
    }

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request,
        ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(continuation);
        Check(context);
        return continuation(request, context);
    }

    private void Check(ServerCallContext context)
    {
        var kind = AdminMethods.Classify(context.Method);
        var remote = context.GetHttpContext().Connection.RemoteIpAddress;
        var decision = _authorizer.Authorize(kind, context.RequestHeaders.GetValue("authorization"), remote);
        if (!decision.Allowed)
        {
            Log.CallDenied(_logger, context.Method, remote, decision.DenialReason ?? string.Empty);
            throw new RpcException(new Status(StatusCode.PermissionDenied, decision.DenialReason ?? "permission denied"));
        }

        if (kind == AdminCallKind.Mutation)
        {
            Log.MutationAuthorized(_logger, context.Method, remote);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, EventName = "AdminCallDenied", Level = LogLevel.Warning,
            Message = "Admin call {Method} from {RemoteAddress} denied: {Reason}")]
        public static partial void CallDenied(ILogger logger, string method, IPAddress? remoteAddress, string reason);

        [LoggerMessage(EventId = 4002, EventName = "AdminMutationAuthorized", Level = LogLevel.Information,
            Message = "Admin call {Method} from {RemoteAddress} authorized with the admin token")]
        public static partial void MutationAuthorized(ILogger logger, string method, IPAddress? remoteAddress);
    }
}
