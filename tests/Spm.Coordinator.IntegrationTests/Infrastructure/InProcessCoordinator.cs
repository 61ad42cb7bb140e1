using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// The coordinator's core (store, election, LVM, pipeline; no Kestrel) in a generic host inside the test
/// process, with real PostgreSQL, LVM and mailbox files. Logs go to the test output.
/// </summary>
internal sealed class InProcessCoordinator : IAsyncDisposable
{
    private readonly IHost _host;

    private InProcessCoordinator(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public CoordinatorAdmin Admin => Services.GetRequiredService<CoordinatorAdmin>();

    public LeadershipState Leadership => Services.GetRequiredService<LeadershipState>();

    public static async Task<InProcessCoordinator> StartAsync(
        IDictionary<string, string?> configuration, ITestOutputHelper output, Action<IServiceCollection>? configureServices = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));
        builder.Services.AddMetrics();
        builder.Services.AddCoordinatorCore(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessCoordinator(host);
    }

    /// <summary>Waits until this instance leads (fails after <paramref name="timeout"/>).</summary>
    public async Task WaitForLeadershipAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Leadership.IsLeader)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The coordinator did not lead within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(25);
        }

        // The term's runtime (VG workers, mailbox) starts right after the lease is taken.
        var admin = Admin;
        while ((await admin.GetStatusAsync(CancellationToken.None)).Value?.Role != CoordinatorRole.Leader
            || Services.GetRequiredService<Extension.ActiveTermRegistry>().Current is null)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The coordinator's term did not start within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            _host.Dispose();
        }
    }
}
