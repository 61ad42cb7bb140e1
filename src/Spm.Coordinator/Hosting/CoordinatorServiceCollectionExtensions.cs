using LvExtend.Lvm;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Hosting;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Lvm;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;
using Spm.Coordinator.Vdsm;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the coordinator's core: options, store, election, LVM, the extend pipeline, telemetry.</summary>
internal static class CoordinatorServiceCollectionExtensions
{
    public static IServiceCollection AddCoordinatorCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration.GetConnectionString("Postgres");
        services.AddOptionsWithValidateOnStart<CoordinatorOptions>().Bind(configuration.GetSection(CoordinatorOptions.SectionName));
        services.AddSingleton<IValidateOptions<CoordinatorOptions>>(new CoordinatorOptionsValidator(connectionString));
        services.TryAddSingleton(TimeProvider.System);

        // A missing connection string is reported by the options validation at start (naming the setting);
        // the placeholder only lets the data source be constructed before that check runs.
        services.AddNpgsqlDataSource(string.IsNullOrWhiteSpace(connectionString) ? "Host=unset" : connectionString, builder =>
        {
            // The same few statements run for every request: prepare them once per connection.
            if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = 32;
            }
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton<ILeaseStore, PostgresLeaseStore>();
        services.AddSingleton<IRequestStore, PostgresRequestStore>();
        services.AddSingleton<IRequestReader, PostgresRequestReader>();
        services.AddSingleton<IDomainStore, PostgresDomainStore>();
        services.AddSingleton<IPolicyStore, PostgresPolicyStore>();

        services.AddSingleton<CoordinatorInstruments>();
        services.AddSingleton<ICommandRunner>(sp => new CommandRunner(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ILvm, LvmClient>();
        services.AddSingleton<IVdsmMetadataSource, VdsmMetadataSource>();
        services.AddSingleton<PolicyService>();
        services.AddSingleton<DomainRegistry>();
        services.AddSingleton<HostLimiter>();
        services.AddSingleton<ExtendServices>();
        services.AddSingleton<ActiveTermRegistry>();
        services.AddSingleton<LeadershipState>();
        services.AddSingleton<ITermRunner, LeaderTermRunner>();
        services.AddSingleton<CoordinatorAdmin>();
        services.AddSingleton<IPhysicalVolumeInspector, BlkidPhysicalVolumeInspector>();

        services.AddHostedService<StartupService>();
        services.AddHostedService<LeaderElectionService>();
        return services;
    }

    /// <summary>Metrics (Prometheus scrape endpoint, optional OTLP) and traces (optional OTLP), Npgsql's included.</summary>
    public static IServiceCollection AddCoordinatorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var telemetry = configuration.GetSection($"{CoordinatorOptions.SectionName}:Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otel = services.AddOpenTelemetry();
        otel.WithMetrics(metrics =>
        {
            metrics.AddMeter(CoordinatorTelemetry.Name, "Npgsql");
            if (!string.IsNullOrEmpty(telemetry.MetricsListen))
            {
                metrics.AddPrometheusExporter();
            }

            if (telemetry.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
            }
        });
        if (telemetry.OtlpEndpoint is { } traceEndpoint)
        {
            otel.WithTracing(tracing => tracing
                .AddSource(CoordinatorTelemetry.Name)
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = traceEndpoint));
        }

        return services;
    }
}
