using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Grpc;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the coordinator's gRPC surface: the Admin service, its authorization and grpc.health.v1.</summary>
internal static class CoordinatorGrpcServiceCollectionExtensions
{
    /// <summary>The legacy flat key accepted for the admin token when <c>Coordinator:Admin:Token</c> is unset.</summary>
    internal const string FlatTokenKey = "Coordinator:AdminToken";

    /// <summary>Adds gRPC, the admin authorization and the health checks behind grpc.health.v1.</summary>
    public static IServiceCollection AddCoordinatorGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptionsWithValidateOnStart<AdminApiOptions>()
            .Bind(configuration.GetSection(AdminApiOptions.SectionName))
            .PostConfigure(options =>
            {
                if (string.IsNullOrEmpty(options.Token))
                {
                    var flat = configuration[FlatTokenKey];
                    options.Token = string.IsNullOrEmpty(flat) ? null : flat;
                }
            });
        var tokenKey = string.IsNullOrEmpty(configuration[AdminApiOptions.SectionName + ":Token"]) && !string.IsNullOrEmpty(configuration[FlatTokenKey])
            ? FlatTokenKey
            : AdminApiOptions.SectionName + ":Token";
        services.AddSingleton<IValidateOptions<AdminApiOptions>>(new AdminApiOptionsValidator(tokenKey));
        services.AddSingleton<AdminAuthorizer>();

        services.AddGrpc(options => options.EnableDetailedErrors = false)
            .AddServiceOptions<AdminService>(options => options.Interceptors.Add<AdminAuthorizationInterceptor>());
        services.AddGrpcHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<MailboxHealthCheck>("mailbox", HealthStatus.Unhealthy, ["ready"])
            .AddCheck<LeadershipHealthCheck>("lease", HealthStatus.Unhealthy, [ReadinessReporter.Tag])
            .AddCheck<DomainsHealthCheck>("domains", HealthStatus.Unhealthy, [ReadinessReporter.Tag]);
        services.AddSingleton<ReadinessReporter>();
        return services;
    }
}
