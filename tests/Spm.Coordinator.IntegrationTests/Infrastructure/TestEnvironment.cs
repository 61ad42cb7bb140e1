using System.Globalization;
using LvExtend.TestSupport;

namespace Spm.Coordinator.IntegrationTests.Infrastructure;

/// <summary>
/// What one coordinator test needs: a fresh database, a real VG on loop devices, mailbox files, a pool id and
/// the configuration that ties them together. Dispose removes all of it.
/// </summary>
internal sealed class TestEnvironment : IAsyncDisposable
{
    private TestEnvironment(PostgresDatabase database, LoopVolumeGroup vg, MailboxFiles mailbox, Guid? domainId = null)
    {
        DomainId = domainId ?? Guid.NewGuid();
        Database = database;
        Vg = vg;
        Mailbox = mailbox;
        PvDevices = vg.Devices;
    }

    public PostgresDatabase Database { get; }

    public LoopVolumeGroup Vg { get; }

    public MailboxFiles Mailbox { get; }

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
            return new TestEnvironment(database, vg, MailboxFiles.Create(), domainId);
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

    /// <summary>The coordinator configuration (section keys) for this environment.</summary>
    public Dictionary<string, string?> Configuration(string instanceId, IDictionary<string, string?>? overrides = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = Database.ConnectionString,
            ["Coordinator:InstanceId"] = instanceId,
            ["Coordinator:PoolId"] = PoolId,
            ["Coordinator:Listen"] = "http://127.0.0.1:0",
            ["Coordinator:Telemetry:MetricsListen"] = "",
            ["Coordinator:Mailbox:InboxPath"] = Mailbox.InboxPath,
            ["Coordinator:Mailbox:OutboxPath"] = Mailbox.OutboxPath,
            ["Coordinator:Mailbox:MaxHosts"] = MailboxFiles.MaxHosts.ToString(CultureInfo.InvariantCulture),
            ["Coordinator:Mailbox:IoMode"] = "Direct",
            ["Coordinator:Domains:0:DomainId"] = DomainId.ToString(),
            ["Coordinator:Domains:0:VgName"] = Vg.Name,
            ["Coordinator:Domains:0:MaxVolumeSizeMib"] = "100000",
        };
        for (var i = 0; i < PvDevices.Count; i++)
        {
            config[$"Coordinator:Domains:0:PhysicalVolumes:{i}"] = PvDevices[i];
        }

        if (overrides is not null)
        {
            foreach (var (key, value) in overrides)
            {
                config[key] = value;
            }
        }

        return config;
    }

    /// <summary>The same configuration as command-line arguments (<c>--Key=Value</c>).</summary>
    public IReadOnlyList<string> Arguments(string instanceId, IDictionary<string, string?>? overrides = null) =>
        [.. Configuration(instanceId, overrides).Select(p => $"--{p.Key}={p.Value}")];

    public async ValueTask DisposeAsync()
    {
        Mailbox.Dispose();
        await Vg.DisposeAsync();
        await Database.DisposeAsync();
    }
}
