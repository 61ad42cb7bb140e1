using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Grpc;
using Hsm.Agent.Hosting;
using Hsm.Agent.Libvirt;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using LvExtend.Lvm;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Shared.Mailbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the agent: options, mailbox host role, activation backend, VM monitors, gRPC, telemetry.</summary>
internal static class AgentServiceCollectionExtensions
{
    public static IServiceCollection AddHsmAgent(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<AgentOptions>().Bind(configuration.GetSection(AgentOptions.SectionName));
        services.AddOptionsWithValidateOnStart<ActivationOptions>().Bind(configuration.GetSection(ActivationOptions.SectionName));
        // The policy reloads live: validated by ExtensionPolicyMonitor (an invalid change is ignored, not fatal).
        services.AddOptions<ExtensionPolicyOptions>().Bind(configuration.GetSection(ExtensionPolicyOptions.SectionName));
        services.TryAddSingleton<ExtensionPolicyMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ActivationOptions>, ActivationOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<AgentInstruments>();
        services.TryAddSingleton<ICommandRunner>(sp => new CommandRunner(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IVolumeActivator>(sp => sp.GetRequiredService<IOptions<ActivationOptions>>().Value.Backend == ActivationBackend.Loop
            ? ActivatorUtilities.CreateInstance<LoopVolumeActivator>(sp)
            : ActivatorUtilities.CreateInstance<LvmVolumeActivator>(sp));

        services.TryAddSingleton(sp =>
        {
            var agent = sp.GetRequiredService<IOptions<AgentOptions>>().Value;
            return new HostMailbox(
                new HostMailboxOptions
                {
                    InboxPath = agent.InboxPath,
                    OutboxPath = agent.OutboxPath,
                    HostId = agent.HostId,
                    PollInterval = agent.MailboxPollInterval,
                    IoMode = agent.MailboxIoMode,
                    RingHint = agent.MailboxRingHint,
                },
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<HostMailbox>>());
        });
        services.TryAddSingleton<IExtendRequestSender, MailboxExtendRequestSender>();
        services.TryAddSingleton<DriveExtender>();
        services.TryAddSingleton<DriveMapper>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<VmMonitorContext>(sp, (IOptionsMonitor<ExtensionPolicyOptions>)sp.GetRequiredService<ExtensionPolicyMonitor>()));
        services.TryAddSingleton<VmRegistry>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<AgentStatusService>(sp, (IOptionsMonitor<ExtensionPolicyOptions>)sp.GetRequiredService<ExtensionPolicyMonitor>()));

        // Order matters: the mailbox starts before the VM monitors and stops after them.
        services.AddHostedService<MailboxService>();
        var health = services.AddGrpcHealthChecks().AddCheck<MailboxHealthCheck>("mailbox");
        if (Enum.TryParse<VmSourceKind>(configuration.GetSection(AgentOptions.SectionName)[nameof(AgentOptions.VmSource)], ignoreCase: true, out var source)
            && source == VmSourceKind.Libvirt)
        {
            services.AddOptionsWithValidateOnStart<LibvirtOptions>().Bind(configuration.GetSection(LibvirtOptions.SectionName));
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LibvirtOptions>, LibvirtOptionsValidator>());
            services.TryAddSingleton<LibvirtVmSource>();
            services.AddHostedService(sp => sp.GetRequiredService<LibvirtVmSource>());
            health.AddCheck<LibvirtHealthCheck>("libvirt");
        }
        else
        {
            services.AddHostedService<VmDirectoryService>();
            health.AddCheck<VmDirectoryHealthCheck>("vm-directory");
        }

        services.AddGrpc();

        var otlp = configuration.GetSection(AgentOptions.SectionName)[nameof(AgentOptions.OtlpEndpoint)];
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("lvextend-agent"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(AgentTelemetry.Name);
                metrics.AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(AgentTelemetry.Name);
                if (!string.IsNullOrEmpty(otlp))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        return services;
    }
}
