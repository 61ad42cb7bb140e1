using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Google.Rpc;
using Grpc.Core;
using LvExtend.Admin.V1;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using Spm.Coordinator.IntegrationTests.Grpc;
using Spm.Coordinator.IntegrationTests.Support;
using Spm.Coordinator.Leadership;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// <c>Coordinator:AdvertiseAddress</c> end to end: the leader writes it into the lease row, a standby's NOT_LEADER
/// carries it as ErrorInfo metadata <c>leader_address</c>, and lvx prints where the leader is without going there.
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed class LeaderAddressTests(ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;
    private const string Token = CoordinatorUnderTest.Token;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Standby_NotLeader_ErrorInfoHasTheLeadersAddress_LvxPrintsTheHintAndDoesNotRedirect_FailoverRewritesIt()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, 1024);
        var (leaderPort, standbyPort) = (TcpPorts.NextFree(), TcpPorts.NextFree());
        var leaderAddress = $"http://127.0.0.1:{leaderPort}";
        var standbyAddress = $"http://127.0.0.1:{standbyPort}";
        await using var leader = env.StartProcess("c1", output, o => Advertising(o, leaderPort, leaderAddress));
        var epoch = await leader.WaitForLeadershipAsync(Timeout);
        await using var standby = env.StartProcess("c2", output, o => Advertising(o, standbyPort, standbyAddress));
        await standby.WaitForCompetingAsync(Timeout);
        using var client = new AdminTestClient(new Uri(standbyAddress));
        await WaitForRoleAsync(client, Role.Standby);

        var ex = await Assert.ThrowsAsync<RpcException>(() => client.ExtendVolumeAsync(
            new ExtendVolumeRequest { Domain = env.DomainId.ToString(), Volume = volume.ToString(), SizeMib = 16 }, Token));
        var lvx = await LvxCli.RunWithTokenAsync(Token,
            "extend", "--domain", env.DomainId.ToString(), "--volume", volume.ToString(), "--size-mib", "24", "--coordinator", standbyAddress);
        var sizeAfterStandby = env.Vg.GetLvSizeBytes(volume.ToString());
        var row = await LeaseRowAsync(env);
        var hinted = await LvxCli.RunWithTokenAsync(Token,
            "extend", "--domain", env.DomainId.ToString(), "--volume", volume.ToString(), "--size-mib", "24", "--coordinator", leaderAddress);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        var info = ex.GetRpcStatus()?.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("NOT_LEADER", info.Reason);
        Assert.Equal(leaderAddress, info.Metadata["leader_address"]);
        Assert.Equal("c1", info.Metadata["leader"]);
        // On a loaded machine the leader may have started a new term since (epoch + 1, still c1).
        Assert.InRange(long.Parse(info.Metadata["leader_epoch"], CultureInfo.InvariantCulture), epoch, row.Epoch);
        Assert.Equal(("c1", leaderAddress, row.Epoch), (row.Holder, row.Address, row.AddressEpoch));

        // lvx: one line naming the leader's address and epoch, exit 1, and nothing changed (no silent redirection).
        Assert.Equal(1, lvx.ExitCode);
        Assert.Equal(string.Empty, lvx.StandardOutput);
        var line = Assert.Single(lvx.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches($@"^failed precondition: not the leader; the leader is at {Regex.Escape(leaderAddress)} \(epoch \d+, instance c1\): ", line);
        Assert.Contains($"run the command again with --coordinator {leaderAddress}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", lvx.StandardError, StringComparison.Ordinal);
        Assert.Equal(8 * Mib, sizeAfterStandby);

        // Following the hint works.
        Assert.True(hinted.ExitCode == 0, hinted.StandardError);
        Assert.Equal(24 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));

        // Failover: the new holder writes its own address with its epoch.
        leader.Process.Signal(ProcessSignal.Kill);
        var next = await standby.WaitForLeadershipAsync(Timeout);
        var after = await LeaseRowAsync(env);
        Assert.Equal(("c2", standbyAddress, after.Epoch), (after.Holder, after.Address, after.AddressEpoch));
        Assert.True(after.Epoch >= next);
        Assert.True(next > epoch);
    }

    [Fact]
    public async Task Store_AddressOnlyForTheEpochItWasWrittenFor()
    {
        await using var store = await StoreHarness.CreateAsync();
        var ttl = TimeSpan.FromMinutes(1);

        var first = await store.Leases.TryAcquireAsync("p", "a", "http://10.0.0.7:7411", ttl, default);
        var readFirst = await store.Leases.ReadAsync("p", default);
        var renewed = await store.Leases.TryRenewAsync("p", "a", "http://10.0.0.7:7411", first.Epoch, ttl, default);
        await ExpireAsync(store);

        // A coordinator of the previous version acquires with its own statement: the address columns stay as they were.
        await using (var connection = await store.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE leases SET holder = 'old', epoch = epoch + 1, acquired_at = now(), renewed_at = now(), " +
                "expires_at = now() + interval '1 minute' WHERE pool_id = 'p' AND expires_at <= now()");
        }

        var readOld = await store.Leases.ReadAsync("p", default);
        await ExpireAsync(store);
        var none = await store.Leases.TryAcquireAsync("p", "b", null, ttl, default);
        var readNone = await store.Leases.ReadAsync("p", default);

        Assert.Equal(LeaseStatus.Acquired, first.Status);
        Assert.Equal(LeaseStatus.Held, renewed.Status);
        Assert.Equal(("a", first.Epoch, "http://10.0.0.7:7411"), (readFirst!.Holder, readFirst.Epoch, readFirst.Address));
        Assert.Equal(("old", first.Epoch + 1, (string?)null), (readOld!.Holder, readOld.Epoch, readOld.Address));
        Assert.Equal(LeaseStatus.Acquired, none.Status);
        Assert.Equal(("b", (string?)null), (readNone!.Holder, readNone.Address));
    }

    private static CoordinatorLaunchOptions Advertising(CoordinatorLaunchOptions options, int port, string address) =>
        options with { ListenPort = port, AdvertiseAddress = address, AdminToken = Token };

    private static async Task ExpireAsync(StoreHarness store)
    {
        await using var connection = await store.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE leases SET expires_at = now() - interval '1 second' WHERE pool_id = 'p'");
    }

    private static async Task<(string Holder, long Epoch, string? Address, long? AddressEpoch)> LeaseRowAsync(TestEnvironment env)
    {
        await using var connection = await env.Database.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(string, long, string?, long?)>(
            "SELECT holder, epoch, holder_address, holder_address_epoch FROM leases WHERE pool_id = @P", new { P = env.PoolId });
    }

    private static async Task WaitForRoleAsync(AdminTestClient client, Role role)
    {
        var deadline = DateTime.UtcNow + Timeout;
        var last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var status = await client.GetStatusAsync();
                if (status.Role == role)
                {
                    return;
                }

                last = $"role {status.Role}";
            }
            catch (RpcException e)
            {
                last = $"{e.StatusCode}: {e.Status.Detail}";
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The coordinator did not answer as {role} ({last}).");
    }
}
