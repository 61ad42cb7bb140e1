using LvExtend.TestSupport;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>The extend pipeline end to end: a host's request through mailbox files, lvextend on a loop VG, PostgreSQL audit.</summary>
[Collection(LvmTestGroup.Name)]
public sealed class PipelineTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private const long Mib = 1024 * 1024;

    [Fact]
    public async Task Extend_ThroughMailbox_GrowsTheLvRecordsAndReplies()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(sizeMib: 8, capacityMib: 1024);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 3);

        var reply = await host.ExtendAsync(env.DomainId, volume, 64, ReplyTimeout);

        Assert.True(reply.Succeeded);
        Assert.Equal(64 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        var row = Assert.Single(await ListAsync(coordinator, volume));
        Assert.Equal(ExtendRequestState.Done, row.State);
        Assert.Equal(3, row.HostId);
        Assert.Equal(8 * Mib, row.SizeBeforeBytes);
        Assert.Equal(64 * Mib, row.SizeAfterBytes);
        Assert.Equal(ExtendRequestSource.Mailbox, row.Source);
        Assert.NotNull(row.Phases.Lvextend);
        Assert.NotNull(row.Phases.Total);
        output.WriteLine($"phases: {row.Phases}");
        var history = (await coordinator.Admin.GetHistoryAsync(volume, 10, CancellationToken.None)).Value!;
        Assert.Equal([ExtendRequestState.Done, ExtendRequestState.Extending], history.Select(h => h.State));
    }

    [Fact]
    public async Task Extend_LvAlreadyLargeEnough_SucceedsWithoutLvextend()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(sizeMib: 128, capacityMib: 1024);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        var seqno = env.Vg.GetVg().SeqNo;

        var smaller = await host.ExtendAsync(env.DomainId, volume, 100, ReplyTimeout);
        var equal = await host.ExtendAsync(env.DomainId, volume, 128, ReplyTimeout);

        Assert.True(smaller.Succeeded);
        Assert.True(equal.Succeeded);
        Assert.Equal(128 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        Assert.Equal(seqno, env.Vg.GetVg().SeqNo);
        var rows = await ListAsync(coordinator, volume);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal(ExtendRequestState.Done, r.State);
            Assert.Equal("already large enough", r.Reason);
            Assert.Null(r.Phases.Lvextend);
        });
    }

    [Fact]
    public async Task Extend_AboveCapacityCap_RepliesFailureAndRecordsRejection()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(sizeMib: 8, capacityMib: 100);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 2);

        // Cap = 100 MiB x 1.1 = 110 MiB, rounded up to 4 MiB extents = 112 MiB.
        var atCap = await host.ExtendAsync(env.DomainId, volume, 112, ReplyTimeout);
        var aboveCap = await host.ExtendAsync(env.DomainId, volume, 116, ReplyTimeout);

        Assert.True(atCap.Succeeded);
        Assert.False(aboveCap.Succeeded);
        Assert.Equal(112 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        var rejected = Assert.Single(await ListAsync(coordinator, volume, ExtendRequestState.Rejected));
        Assert.Contains("cap", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal(116, rejected.RequestedMib);
        var hosts = (await coordinator.Admin.ListHostsAsync(CancellationToken.None)).Value!;
        var host2 = Assert.Single(hosts);
        Assert.Equal(2, host2.Requests);
        Assert.Equal(1, host2.Rejections);
    }

    [Fact]
    public async Task Extend_UnknownDomainOrVolume_RepliesFailureAndRecordsReason()
    {
        await using var env = await TestEnvironment.CreateAsync();
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 4);
        var unknownVolume = Guid.NewGuid();
        var otherDomain = Guid.NewGuid();

        var noVolume = await host.ExtendAsync(env.DomainId, unknownVolume, 64, ReplyTimeout);
        var noDomain = await host.ExtendAsync(otherDomain, Guid.NewGuid(), 64, ReplyTimeout);

        Assert.False(noVolume.Succeeded);
        Assert.False(noDomain.Succeeded);
        // The host is answered first; the audit row follows.
        var rejected = await EventuallyAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Rejected, 4, null, 10, CancellationToken.None)).Value!,
            rows => rows.Count == 2);
        Assert.Contains(rejected, r => r.VolumeId == unknownVolume && r.Reason!.Contains("no LV", StringComparison.Ordinal));
        Assert.Contains(rejected, r => r.DomainId == otherDomain && r.Reason!.Contains("not in pool", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Extend_ManyInSequence_EachGrowsTheLvAndReportsItsPhases()
    {
        const int count = 20;
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(sizeMib: 4, capacityMib: 4096);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        var roundTrips = new List<double>();

        for (var i = 1; i <= count; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var reply = await host.ExtendAsync(env.DomainId, volume, (ulong)(4 + (8 * i)), ReplyTimeout);
            roundTrips.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.True(reply.Succeeded);
        }

        Assert.Equal((4 + (8 * count)) * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        var rows = await ListAsync(coordinator, volume);
        Assert.Equal(count, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExtendRequestState.Done, r.State));

        // Figures for the report (not asserted): skip the first, which warms connections.
        static string Median(IEnumerable<double?> values)
        {
            var sorted = values.Select(v => v!.Value * 1000).Order().ToList();
            return $"{sorted[sorted.Count / 2]:F1} ms";
        }

        var warm = rows.Where(r => r.Id != rows.Min(x => x.Id)).ToList();
        output.WriteLine(
            $"median over {warm.Count}: detect {Median(warm.Select(r => r.Phases.Detect))}, validate {Median(warm.Select(r => r.Phases.Validate))}, " +
            $"lvextend {Median(warm.Select(r => r.Phases.Lvextend))}, record {Median(warm.Select(r => r.Phases.Record))}, " +
            $"reply {Median(warm.Select(r => r.Phases.Reply))}, total {Median(warm.Select(r => r.Phases.Total))}; " +
            $"host round trip {roundTrips.Skip(1).Order().ElementAt((count - 1) / 2):F1} ms");
    }

    [Fact]
    public async Task Extend_ManyHostsAtOnce_LvextendsOverlap_EveryLvEndsAtItsLargestRequest()
    {
        const int hosts = 6;
        const int rounds = 4;
        await using var env = await TestEnvironment.CreateAsync();
        var volumes = Enumerable.Range(0, hosts).Select(_ => env.CreateVolume(sizeMib: 4, capacityMib: 4096)).ToList();
        // lvm through a wrapper that logs when each lvextend process starts and ends (ns), to see them overlap.
        var times = Path.Combine(env.Vg.Directory, "lvextend-times.log");
        var wrapper = Path.Combine(env.Vg.Directory, "lvm-timed");
        await File.WriteAllTextAsync(wrapper,
            "#!/bin/sh\n" +
            "[ \"$1\" = lvextend ] || exec lvm \"$@\"\n" +
            $"echo \"start $(date +%s%N)\" >> '{times}'\n" +
            "lvm \"$@\"; rc=$?\n" +
            $"echo \"end $(date +%s%N)\" >> '{times}'\n" +
            "exit $rc\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var launch = env.LaunchOptions("c1") with
        {
            AdditionalSettings = new Dictionary<string, string?> { ["Coordinator:Lvm:CommandPath"] = wrapper, ["Coordinator:Lvm:ConcurrentExtends"] = "2" },
        };
        await using var coordinator = await InProcessCoordinator.StartAsync(launch, output);
        await coordinator.WaitForLeadershipAsync(TimeSpan.FromSeconds(30));
        var sides = new List<HostSide>();
        try
        {
            for (var h = 1; h <= hosts + 1; h++)
            {
                sides.Add(await HostSide.StartAsync(env.Mailbox, hostId: h));
            }

            // Host h grows its own volume; the last host grows host 1's volume too, with other sizes (never two
            // lvextends of one LV at once: each LV ends at the largest size asked for).
            var asked = new Dictionary<Guid, List<ulong>>();
            var work = sides.Select((side, index) =>
            {
                var volume = volumes[index % hosts];
                var sizes = Enumerable.Range(1, rounds).Select(r => (ulong)(4 + (8 * r) + (index == hosts ? 4 : 0))).ToList();
                lock (asked)
                {
                    (asked.TryGetValue(volume, out var list) ? list : asked[volume] = []).AddRange(sizes);
                }

                return Task.Run(async () =>
                {
                    foreach (var size in sizes)
                    {
                        Assert.True((await side.ExtendAsync(env.DomainId, volume, size, ReplyTimeout)).Succeeded);
                    }
                });
            }).ToList();
            await Task.WhenAll(work);

            foreach (var (volume, sizes) in asked)
            {
                Assert.Equal((long)sizes.Max() * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
            }

            var check = LvmCommand.TryRun("vgck", env.PvDevices, env.Vg.Name);
            Assert.True(check.ExitCode == 0, check.StandardError);
            var rows = (await coordinator.Admin.ListRequestsAsync(null, null, null, 100, CancellationToken.None)).Value!;
            Assert.Equal(hosts * rounds + rounds, rows.Count);
            var events = (await File.ReadAllLinesAsync(times)).Select(l => l.Split(' ')).Select(p => (Start: p[0] == "start", At: long.Parse(p[1],
                System.Globalization.CultureInfo.InvariantCulture))).OrderBy(e => e.At).ThenBy(e => e.Start).ToList();
            var (running, most) = (0, 0);
            foreach (var e in events)
            {
                running += e.Start ? 1 : -1;
                most = Math.Max(most, running);
            }

            output.WriteLine($"{events.Count / 2} lvextends, at most {most} at once");
            Assert.Equal(2, most);
        }
        finally
        {
            foreach (var side in sides)
            {
                await side.DisposeAsync();
            }
        }
    }

    /// <summary>The volume's rows once settled: the host is answered before the outcome and durations are recorded.</summary>
    private static Task<IReadOnlyList<ExtendRequestRecord>> ListAsync(
        InProcessCoordinator coordinator, Guid volume, ExtendRequestState? state = null) =>
        EventuallyAsync(
            async () =>
            {
                var result = await coordinator.Admin.ListRequestsAsync(state, null, volume, 100, CancellationToken.None);
                Assert.True(result.Succeeded, result.Error?.Message);
                return result.Value!;
            },
            rows => rows.All(r => r.State != ExtendRequestState.Extending
                && (r.Source == ExtendRequestSource.Admin || r.State is not (ExtendRequestState.Done or ExtendRequestState.Failed) || r.Phases.Total is not null)));

    internal static Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done) =>
        Eventually.LatestAsync(read, done, ReplyTimeout, TimeSpan.FromMilliseconds(25));
}
