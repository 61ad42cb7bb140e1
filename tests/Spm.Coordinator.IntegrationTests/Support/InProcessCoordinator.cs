using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using LvExtend.TestSupport.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests.Support;

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
        CoordinatorLaunchOptions options, ITestOutputHelper output, Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(options.ToConfiguration());
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFilter("Npgsql", LogLevel.Warning);
        builder.Logging.AddProvider(new TestLoggerProvider(output));
        builder.Services.AddMetrics();
        builder.Services.AddCoordinatorCore(builder.Configuration);
        configureServices?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new InProcessCoordinator(host);
    }

    /// <summary>Waits until this instance leads and its term (VG workers, mailbox) has started.</summary>
    public async Task WaitForLeadershipAsync(TimeSpan timeout)
    {
        await Eventually.TrueAsync(() => Leadership.IsLeader, "the in-process coordinator leads", timeout);

        // The term's runtime (VG workers, mailbox) starts right after the lease is taken.
        var admin = Admin;
        await Eventually.TrueAsync(
            async () => (await admin.GetStatusAsync(CancellationToken.None)).Value?.Role == CoordinatorRole.Leader
                && Services.GetRequiredService<Extension.ActiveTermRegistry>().Current is not null,
            "the in-process coordinator's term has started",
            timeout,
            pollInterval: TimeSpan.FromMilliseconds(25));
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
