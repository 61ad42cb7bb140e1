using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using LvExtend.TestSupport.Mailbox;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests.Support;

/// <summary>
/// What one coordinator test needs: a fresh database, a real VG on loop devices, mailbox files, a pool id and
/// the configuration that ties them together. Dispose removes all of it.
/// </summary>
internal sealed class TestEnvironment : IAsyncDisposable
{
    private TestEnvironment(PostgresDatabase database, LoopVolumeGroup vg, TempMailbox mailbox, Guid? domainId = null)
    {
        DomainId = domainId ?? Guid.NewGuid();
        Database = database;
        Vg = vg;
        Mailbox = mailbox;
        PvDevices = vg.Devices;
    }

    public PostgresDatabase Database { get; }

    public LoopVolumeGroup Vg { get; }

    public TempMailbox Mailbox { get; }

    /// <summary>The VG's PVs at creation (what the coordinator is configured with).</summary>
    public IReadOnlyList<string> PvDevices { get; }

    public Guid DomainId { get; }

    public string PoolId { get; } = "pool-" + TestPaths.RandomSuffix(6);

    /// <param name="pvSizeGiB">The size of the VG's PV.</param>
    /// <param name="extentSizeMib">The VG's extent size.</param>
    /// <param name="createVg">Builds the VG instead (e.g. like a vdsm block domain).</param>
    /// <param name="domainId">The domain UUID (default a new one).</param>
    public static async Task<TestEnvironment> CreateAsync(
        long pvSizeGiB = 1, int extentSizeMib = 4, Func<Task<LoopVolumeGroup>>? createVg = null, Guid? domainId = null)
    {
        var database = await PostgresDatabase.CreateAsync();
        LoopVolumeGroup? vg = null;
        try
        {
            vg = createVg is null
                ? await LoopVolumeGroup.CreateAsync(new LoopVolumeGroupOptions { PhysicalVolumeSizeGiB = pvSizeGiB, ExtentSizeMib = extentSizeMib })
                : await createVg();
            return new TestEnvironment(database, vg, TempMailbox.Create(), domainId);
        }
        catch
        {
            if (vg is not null)
            {
                await vg.DisposeAsync();
            }

            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an LV named after a new volume UUID with a capacity tag; returns the volume id.</summary>
    public Guid CreateVolume(long sizeMib, long? capacityMib)
    {
        var volume = Guid.NewGuid();
        Vg.CreateLv(volume.ToString(), sizeMib, capacityMib is { } c ? [$"lvx_capacity_mib={c}"] : []);
        return volume;
    }

    /// <summary>
    /// How a coordinator of this environment starts: its database, pool, mailbox (direct I/O), the VG as domain
    /// <see cref="DomainId"/>, the debug log levels; change what a test needs with <c>with { ... }</c>.
    /// </summary>
    public CoordinatorLaunchOptions LaunchOptions(string instanceId) => new()
    {
        ConnectionString = Database.ConnectionString,
        InstanceId = instanceId,
        PoolId = PoolId,
        InboxPath = Mailbox.InboxPath,
        OutboxPath = Mailbox.OutboxPath,
        Domains = [new CoordinatorDomain(DomainId, Vg.Name, PvDevices) { MaxVolumeSizeMib = 100000 }],
        LogLevels = new Dictionary<string, string>
        {
            ["Default"] = "Information",
            ["Spm.Coordinator"] = "Debug",
            ["Shared.Mailbox"] = "Information",
        },
    };

    /// <summary>Starts a coordinator process of this environment (see <see cref="LaunchOptions"/>), echoing to <paramref name="output"/>.</summary>
    public CoordinatorProcess StartProcess(string instanceId, ITestOutputHelper output, Func<CoordinatorLaunchOptions, CoordinatorLaunchOptions>? change = null) =>
        CoordinatorProcess.Start((change ?? (o => o))(LaunchOptions(instanceId)), new CoordinatorProcessOptions { Output = output });

    public async ValueTask DisposeAsync()
    {
        Mailbox.Dispose();
        await Vg.DisposeAsync();
        await Database.DisposeAsync();
    }
}
