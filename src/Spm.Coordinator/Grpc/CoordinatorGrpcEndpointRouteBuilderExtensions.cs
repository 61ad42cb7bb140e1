using Spm.Coordinator.Grpc;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the coordinator's gRPC endpoints.</summary>
internal static class CoordinatorGrpcEndpointRouteBuilderExtensions
{
    /// <summary>Maps the Admin service (lvextend.admin.v1.Admin) and grpc.health.v1.</summary>
    public static IEndpointRouteBuilder MapCoordinatorGrpc(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGrpcService<AdminService>();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
