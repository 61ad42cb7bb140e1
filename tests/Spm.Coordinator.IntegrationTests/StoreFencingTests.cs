using Dapper;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The lease on the database clock and the epoch fence on every write, on a real PostgreSQL.</summary>
public sealed class StoreFencingTests
{
    private static readonly TimeSpan ShortTtl = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Lease_HeldByOne_OthersCannotTakeItUntilItExpires()
    {
        await using var store = await StoreHarness.CreateAsync();

        var first = await store.Leases.TryAcquireAsync("p", "a", null, ShortTtl, default);
        var rival = await store.Leases.TryAcquireAsync("p", "b", null, ShortTtl, default);
        var renewed = await store.Leases.TryRenewAsync("p", "a", null, first.Epoch, ShortTtl, default);

        Assert.Equal((LeaseStatus.Acquired, 1L), (first.Status, first.Epoch));
        Assert.Equal(LeaseStatus.NotAvailable, rival.Status);
        Assert.Equal((LeaseStatus.Held, 1L), (renewed.Status, renewed.Epoch));

        await Task.Delay(ShortTtl + TimeSpan.FromMilliseconds(200));
        var takeover = await store.Leases.TryAcquireAsync("p", "b", null, ShortTtl, default);
        var lateRenewal = await store.Leases.TryRenewAsync("p", "a", null, first.Epoch, ShortTtl, default);

        Assert.Equal((LeaseStatus.Acquired, 2L), (takeover.Status, takeover.Epoch));
        Assert.Equal(LeaseStatus.NotAvailable, lateRenewal.Status);
        var lease = await store.Leases.ReadAsync("p", default);
        Assert.Equal(("b", 2L, false), (lease!.Holder, lease.Epoch, lease.Expired));
    }

    [Fact]
    public async Task Lease_Released_AnotherTakesItAtOnceWithANewEpoch()
    {
        await using var store = await StoreHarness.CreateAsync();
        var first = await store.Leases.TryAcquireAsync("p", "a", null, TimeSpan.FromMinutes(1), default);

        Assert.True(await store.Leases.TryReleaseAsync("p", "a", first.Epoch, default));
        var next = await store.Leases.TryAcquireAsync("p", "b", null, TimeSpan.FromMinutes(1), default);

        Assert.Equal((LeaseStatus.Acquired, 2L), (next.Status, next.Epoch));
        Assert.False(await store.Leases.TryReleaseAsync("p", "a", first.Epoch, default));
    }

    [Fact]
    public async Task Lease_ExpiredButNotTaken_RenewalFailsAndReacquisitionBumpsTheEpoch()
    {
        await using var store = await StoreHarness.CreateAsync();
        var first = await store.Leases.TryAcquireAsync("p", "a", null, ShortTtl, default);
        await Task.Delay(ShortTtl + TimeSpan.FromMilliseconds(200));

        Assert.Equal(LeaseStatus.NotAvailable, (await store.Leases.TryRenewAsync("p", "a", null, first.Epoch, ShortTtl, default)).Status);
        var again = await store.Leases.TryAcquireAsync("p", "a", null, ShortTtl, default);
        Assert.Equal((LeaseStatus.Acquired, 2L), (again.Status, again.Epoch));
    }

    [Fact]
    public async Task Lease_KeptConnectionKilledWhileIdle_TheNextRenewalStillHolds_OnANewConnection()
    {
        await using var store = await StoreHarness.CreateAsync();
        var first = await store.Leases.TryAcquireAsync("p", "a", null, TimeSpan.FromMinutes(1), default);
        int killed;
        await using (var admin = await store.DataSource.OpenConnectionAsync())
        {
            // Every other session of this database, the lease store's kept connection among them (a server restart).
            killed = await admin.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity " +
                "WHERE datname = current_database() AND pid <> pg_backend_pid()) t");
        }

        var renewed = await store.Leases.TryRenewAsync("p", "a", null, first.Epoch, TimeSpan.FromMinutes(1), default);

        Assert.True(killed >= 1);
        Assert.Equal((LeaseStatus.Acquired, LeaseStatus.Held, 1L), (first.Status, renewed.Status, renewed.Epoch));
    }

    [Fact]
    public async Task FenceCheck_TrueForTheHolderOnly_FalseOnceExpiredOrTaken()
    {
        await using var store = await StoreHarness.CreateAsync();
        var lease = await store.Leases.TryAcquireAsync("p", "a", null, TimeSpan.FromMinutes(1), default);
        var fence = new LeaseFence("p", "a", lease.Epoch);

        var holds = await store.Requests.FenceHoldsAsync(fence, default);
        var wrongEpoch = await store.Requests.FenceHoldsAsync(fence with { Epoch = lease.Epoch + 1 }, default);
        var wrongHolder = await store.Requests.FenceHoldsAsync(fence with { Holder = "b" }, default);
        await using (var connection = await store.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE leases SET expires_at = now() - interval '1 second' WHERE pool_id = 'p'");
        }

        var expired = await store.Requests.FenceHoldsAsync(fence, default);
        var takeover = await store.Leases.TryAcquireAsync("p", "b", null, TimeSpan.FromMinutes(1), default);
        var taken = await store.Requests.FenceHoldsAsync(fence, default);
        var newHolder = await store.Requests.FenceHoldsAsync(new LeaseFence("p", "b", takeover.Epoch), default);

        Assert.Equal((true, false, false), (holds, wrongEpoch, wrongHolder));
        Assert.Equal((false, false, true), (expired, taken, newHolder));
    }

    [Fact]
    public async Task Writes_WithAStaleEpoch_ChangeNothing()
    {
        await using var store = await StoreHarness.CreateAsync();
        var domain = Guid.NewGuid();
        // A long TTL, then the lease is expired on the database clock: the old leader's writes cannot miss their
        // lease on a loaded machine, and no sleep is needed.
        var old = await store.Leases.TryAcquireAsync("p", "a", null, TimeSpan.FromMinutes(1), default);
        var oldFence = new LeaseFence("p", "a", old.Epoch);
        Assert.NotNull(await store.Domains.RegisterDomainsAsync(oldFence, [new DomainRegistration(domain, "vg", ["/dev/a"], 1000)], default));
        var id = await store.Requests.InsertAsync(oldFence, Request(domain, ExtendRequestState.Extending), default);
        Assert.NotNull(id);

        await using (var connection = await store.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE leases SET expires_at = now() - interval '1 second' WHERE pool_id = 'p'");
        }

        var takeover = await store.Leases.TryAcquireAsync("p", "b", null, TimeSpan.FromMinutes(1), default);
        Assert.Equal(LeaseStatus.Acquired, takeover.Status);
        var before = await SnapshotAsync(store);

        Assert.Null(await store.Requests.InsertAsync(oldFence, Request(domain, ExtendRequestState.Done), default));
        Assert.False(await store.Requests.TransitionAsync(oldFence, id!.Value, new RequestTransition(ExtendRequestState.Done, null, SizeAfterBytes: 1), default));
        Assert.False(await store.Requests.RecordReplyAsync(oldFence, id.Value, 0.1, 0.2, 0.01, default));
        Assert.False(await store.Requests.RecordChecksumErrorAsync(oldFence, 4, default));
        Assert.Null(await store.Requests.SupersedeOpenRequestsAsync(oldFence, default));
        Assert.Null(await store.Domains.AddDeviceAsync(oldFence, domain, "/dev/b", default));
        Assert.Null(await store.Domains.RegisterDomainsAsync(oldFence, [new DomainRegistration(domain, "vg2", ["/dev/c"], 5)], default));
        Assert.False(await store.Domains.RecordVolumeAsync(oldFence, new VolumeRegistration(domain, Guid.NewGuid(), "lv", 1, null), true, default));
        Assert.False(await store.Policies.WriteAsync(oldFence, "{}", default));

        Assert.Equal(before, await SnapshotAsync(store));

        // The new leader's writes go through, and it supersedes what the old one left open.
        var fence = new LeaseFence("p", "b", takeover.Epoch);
        Assert.Equal(1, await store.Requests.SupersedeOpenRequestsAsync(fence, default));
        var superseded = Assert.Single(await store.RequestReader.ListRequestsAsync("p", new RequestQuery(ExtendRequestState.Superseded, null, null, 10), default));
        Assert.Equal(id, superseded.Id);
        Assert.Equal(["/dev/a", "/dev/b"], await store.Domains.AddDeviceAsync(fence, domain, "/dev/b", default));
    }

    private static NewExtendRequest Request(Guid domain, ExtendRequestState state) => new(
        ExtendRequestSource.Mailbox, 1, 0, null, domain, Guid.NewGuid(), "vg", "lv", 64, 8 << 20, null, state, null,
        DateTimeOffset.UtcNow, 0.001, 0.002);

    private static async Task<string> SnapshotAsync(StoreHarness store)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var table in new[] { "extend_requests", "request_events", "hosts", "domains", "volumes", "policy" })
        {
            parts.Add(table + ":" + await connection.ExecuteScalarAsync<string>($"SELECT coalesce(string_agg(t::text, '|' ORDER BY t::text), '') FROM {table} t"));
        }

        return string.Join('\n', parts);
    }
}
