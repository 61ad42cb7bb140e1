using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Dapper;
using LvExtend.Admin.V1;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Coordinator;
using Npgsql;
using Shared.Mailbox;
using Spm.Coordinator.IntegrationTests.Grpc;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests.FaultInjection;

/// <summary>
/// Seeded fault injection on real processes: three coordinators (child processes) on a PostgreSQL of the test's own,
/// a real VG on loop devices, the real mailbox files and hosts (<see cref="HostMailbox"/>) as the load; faults drawn
/// from the seed (LVX_FAULT_SEED, printed) at random times; invariants checked after a quiet period.
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed class FaultInjectionTests(ITestOutputHelper output)
{
    private const string SeedVariable = "LVX_FAULT_SEED";
    private const string Token = "fault-injection-7c1e93a5b2d04f68";
    private const long Mib = 1024 * 1024;
    private const long CapMib = 512;
    private const ulong StepMib = 8;
    private const int RequestsPerVolume = 36;
    private const int WellBehavedHosts = 3;
    private const int VolumesPerHost = 2;
    private const int VictimHost = 4;
    private const int FloodHost = 5;
    private const int TornHost = 6;
    private static readonly TimeSpan LoadDuration = TimeSpan.FromSeconds(100); // the last ~25 s are fault-free
    private static readonly TimeSpan FaultGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    private readonly ConcurrentBag<TrackedRequest> _requests = [];
    private readonly ConcurrentBag<FaultWindow> _windows = [];
    private readonly ConcurrentDictionary<string, (CoordinatorProcess Process, int Port)> _coordinators = new();
    private readonly List<CoordinatorProcess> _retired = [];

    [Fact]
    public async Task SeededFaults_NothingLost_NothingExtendedTwice_VgClean_OneLeader_HostsServedOnTime()
    {
        var seed = Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        output.WriteLine($"fault injection: seed {seed} (rerun with {SeedVariable}={seed})");
        var rng = new Random(seed);

        await using var postgres = await OwnPostgres.StartAsync();
        await using var env = await TestEnvironment.CreateAsync(pvSizeGiB: 3);
        var volumes = new Dictionary<Guid, long>();
        Guid NewVolume(long cap)
        {
            var id = env.CreateVolume(8, cap);
            volumes[id] = cap;
            return id;
        }

        var hostVolumes = Enumerable.Range(1, WellBehavedHosts).ToDictionary(h => h, _ => Enumerable.Range(0, VolumesPerHost).Select(_ => NewVolume(CapMib)).ToList());
        var victimVolume = NewVolume(CapMib);
        var tornVolume = NewVolume(CapMib);
        var hungryVolume = NewVolume(16384);

        try
        {
            foreach (var id in new[] { "c1", "c2", "c3" })
            {
                StartCoordinator(env, postgres, id);
            }

            await WaitForServingLeaderAsync(env, postgres);
            var hosts = new List<HostSide>();
            try
            {
                foreach (var hostId in hostVolumes.Keys)
                {
                    hosts.Add(await HostSide.StartAsync(env.Mailbox, hostId));
                }

                using var stop = new CancellationTokenSource();
                var loads = hostVolumes.SelectMany(h => h.Value.Select(v => RunLoadAsync(hosts[h.Key - 1], h.Key, env.DomainId, v, rng.Next(), stop.Token))).ToList();
                var schedule = DrawSchedule(rng);
                output.WriteLine("fault schedule: " + string.Join(", ", schedule.Select(s => $"{s.Kind}@{s.At.TotalSeconds:F1}s")));
                var started = DateTime.UtcNow;
                var tornSize = 8UL;
                var victimSize = 8UL;
                foreach (var (kind, at) in schedule)
                {
                    var wait = started + at - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait);
                    }

                    var faultStart = DateTime.UtcNow;
                    string detail;
                    try
                    {
                        detail = kind switch
                        {
                            FaultKind.KillLeader => await KillLeaderAsync(env, postgres),
                            FaultKind.StopLeader => await StopLeaderAsync(env, postgres),
                            FaultKind.RestartPostgres => await RestartPostgresAsync(env, postgres),
                            FaultKind.TornInboxWrite => await TornWriteAsync(env, tornVolume, tornSize += 64, rng),
                            FaultKind.FullVgThenAddPv => await FullVgThenAddPvAsync(env, postgres, hungryVolume),
                            FaultKind.HostKilledMidRequest => await KillHostMidRequestAsync(env, victimVolume, victimSize += 64, rng),
                            FaultKind.GarbageFlood => await FloodAsync(env, rng),
                            _ => throw new InvalidOperationException(kind.ToString()),
                        };
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        detail = "FAULT STEP FAILED: " + ex.Message;
                    }

                    _windows.Add(new FaultWindow(kind, faultStart, DateTime.UtcNow + FaultGrace, detail));
                    output.WriteLine($"fault {kind} at {(faultStart - started).TotalSeconds:F1}s, {(DateTime.UtcNow - faultStart).TotalSeconds:F1}s: {detail}");
                }

                var rest = started + LoadDuration - DateTime.UtcNow;
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest);
                }

                await stop.CancelAsync();
                await Task.WhenAll(loads);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(5)); // quiet period: let everything settle
            var failures = await CheckInvariantsAsync(env, postgres, volumes);
            Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} invariant(s) broken:\n" + string.Join('\n', failures));
        }
        finally
        {
            foreach (var (process, _) in _coordinators.Values)
            {
                await process.DisposeAsync();
            }

            foreach (var process in _retired)
            {
                await process.DisposeAsync();
            }
        }
    }

    private static List<(FaultKind Kind, TimeSpan At)> DrawSchedule(Random rng)
    {
        var kinds = Enum.GetValues<FaultKind>().ToArray();
        rng.Shuffle(kinds);
        return [.. kinds.Select((k, i) => (k, TimeSpan.FromSeconds(4 + (i * 9.5) + (rng.NextDouble() * 3))))];
    }

    private async Task RunLoadAsync(HostSide host, int hostId, Guid domain, Guid volume, int seed, CancellationToken stop)
    {
        var rng = new Random(seed);
        var aboveCapAt = rng.Next(3, RequestsPerVolume);
        var size = 8UL;
        for (var i = 0; i < RequestsPerVolume && !stop.IsCancellationRequested; i++)
        {
            var aboveCap = i == aboveCapAt;
            var ask = aboveCap ? (ulong)CapMib + 64 : size + StepMib;
            var tracked = new TrackedRequest(hostId, volume, ask, DateTime.UtcNow, aboveCap, abandoned: false);
            _requests.Add(tracked);
            await SendTrackedAsync(host, domain, tracked);
            if (!aboveCap)
            {
                size = ask;
            }

            try
            {
                await Task.Delay(rng.Next(1500, 4500), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task SendTrackedAsync(HostSide host, Guid domain, TrackedRequest tracked)
    {
        using var timeout = new CancellationTokenSource(RequestTimeout);
        try
        {
            var reply = await host.Send(domain, tracked.Volume, tracked.SizeMib, timeout.Token);
            tracked.Succeeded = reply.Succeeded;
            tracked.Latency = DateTime.UtcNow - tracked.IssuedAt;
        }
        catch (OperationCanceledException)
        {
            // Unanswered: checked at the end (still pending and visible, or lost).
        }
    }

    private void StartCoordinator(TestEnvironment env, OwnPostgres postgres, string id)
    {
        var port = TcpPorts.NextFree();
        var process = env.StartProcess(id, output, o => o with
        {
            ConnectionString = postgres.ConnectionString,
            ListenPort = port,
            AdminToken = Token,
            LogLevels = new Dictionary<string, string>(o.LogLevels) { ["Spm.Coordinator"] = "Information", ["Shared.Mailbox"] = "Warning" },
        });
        _coordinators[id] = (process, port);
    }

    private async Task<string?> CurrentLeaderAsync(TestEnvironment env, OwnPostgres postgres)
    {
        try
        {
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync();
            var holder = await connection.QuerySingleOrDefaultAsync<string>(
                "SELECT holder FROM leases WHERE pool_id = @P AND expires_at > now()", new { P = env.PoolId });
            return holder is not null && _coordinators.ContainsKey(holder) ? holder : null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    /// <summary>Waits until a live coordinator leads and reports SERVING; returns its id.</summary>
    private async Task<string> WaitForServingLeaderAsync(TestEnvironment env, OwnPostgres postgres, string? not = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await CurrentLeaderAsync(env, postgres) is { } leader && leader != not)
            {
                try
                {
                    using var client = new AdminTestClient(new Uri($"http://127.0.0.1:{_coordinators[leader].Port}"));
                    var status = await client.GetStatusAsync();
                    if (status.Role == Role.Leader && status.Serving)
                    {
                        return leader;
                    }
                }
                catch (global::Grpc.Core.RpcException)
                {
                    // not listening yet
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no serving leader (other than '{not}') within {Timeout.TotalSeconds} s");
    }

    private async Task<string> KillLeaderAsync(TestEnvironment env, OwnPostgres postgres)
    {
        var leader = await WaitForServingLeaderAsync(env, postgres);
        var (process, _) = _coordinators[leader];
        process.Process.Signal(ProcessSignal.Kill);
        _coordinators.TryRemove(leader, out _);
        _retired.Add(process);
        var next = await WaitForServingLeaderAsync(env, postgres, not: leader);
        StartCoordinator(env, postgres, leader);
        return $"SIGKILL {leader} (pid {process.Process.Id}); {next} leads; {leader} restarted";
    }

    private async Task<string> StopLeaderAsync(TestEnvironment env, OwnPostgres postgres)
    {
        var leader = await WaitForServingLeaderAsync(env, postgres);
        var process = _coordinators[leader].Process.Process;
        process.Signal(ProcessSignal.Stop);
        try
        {
            await Task.Delay(Ttl + TimeSpan.FromSeconds(2));
        }
        finally
        {
            process.Signal(ProcessSignal.Continue);
        }

        var next = await WaitForServingLeaderAsync(env, postgres);
        return $"SIGSTOP {leader} for {(Ttl + TimeSpan.FromSeconds(2)).TotalSeconds:F0} s, SIGCONT; {next} leads";
    }

    private async Task<string> RestartPostgresAsync(TestEnvironment env, OwnPostgres postgres)
    {
        await postgres.RestartAsync();
        var leader = await WaitForServingLeaderAsync(env, postgres);
        return $"pg_ctl restart -m fast; {leader} leads";
    }

    private async Task<string> TornWriteAsync(TestEnvironment env, Guid volume, ulong sizeMib, Random rng)
    {
        var id = new MessageId(TornHost, rng.Next(MailboxLayout.MessagesPerBlock));
        var message = new ExtendMessage(env.DomainId, volume, sizeMib);
        var half = rng.Next(2) == 0;
        if (half)
        {
            var block = new byte[MailboxLayout.BlockSize];
            MailboxCodec.EncodeExtend(message, MailboxBlockCodec.GetSlot(block.AsSpan(), id.Slot));
            MailboxBlockCodec.SealHostBlock(block);
            RawInbox.WriteBlock(env.Mailbox, TornHost, block.AsSpan(0, MailboxLayout.BlockSize / 2));
        }
        else
        {
            RawInbox.WriteCorruptBlock(env.Mailbox, id, message);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var tracked = new TrackedRequest(TornHost, volume, sizeMib, DateTime.UtcNow, aboveCap: false, abandoned: false);
        _requests.Add(tracked);
        RawInbox.WriteBlock(env.Mailbox, TornHost, Sealed(new byte[MailboxLayout.BlockSize])); // healed: the host rewrites its block
        RawInbox.WriteExtend(env.Mailbox, id, message);
        try
        {
            tracked.Succeeded = await RawInbox.WaitForReplyAsync(env.Mailbox, id, message, RequestTimeout);
            tracked.Latency = DateTime.UtcNow - tracked.IssuedAt;
        }
        catch (TimeoutException)
        {
            // checked at the end
        }

        RawInbox.WriteBlock(env.Mailbox, TornHost, Sealed(new byte[MailboxLayout.BlockSize])); // the host clears its slot after the reply
        return $"{(half ? "half-written" : "bad-checksum")} block for slot {id.Slot} ({sizeMib} MiB), healed; answered: {tracked.Succeeded?.ToString() ?? "no"}";
    }

    private async Task<string> FullVgThenAddPvAsync(TestEnvironment env, OwnPostgres postgres, Guid volume)
    {
        var freeMib = (ulong)(env.Vg.GetVg().FreeBytes / Mib);
        var ask = (ulong)(env.Vg.GetLvSizeBytes(volume.ToString()) / Mib) + freeMib + 256;
        await using var host = await HostSide.StartAsync(env.Mailbox, VictimHost + 3);
        var tracked = new TrackedRequest(VictimHost + 3, volume, ask, DateTime.UtcNow, aboveCap: false, abandoned: false);
        _requests.Add(tracked);
        var pending = SendTrackedAsync(host, env.DomainId, tracked);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var device = env.Vg.AddPhysicalVolume(2);
        var pvsBefore = env.Vg.GetVg().PhysicalVolumeCount;
        string outcome = "not added";
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var leader = await WaitForServingLeaderAsync(env, postgres);
            try
            {
                using var client = new AdminTestClient(new Uri($"http://127.0.0.1:{_coordinators[leader].Port}"));
                await client.AddPhysicalVolumeAsync(new AddPhysicalVolumeRequest { Domain = env.DomainId.ToString(), DevicePath = device }, Token);
                outcome = $"added via {leader} (attempt {attempt})";
                break;
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                outcome = $"attempt {attempt} on {leader}: {ex.StatusCode} {ex.Status.Detail}";
                if (env.Vg.GetVg().PhysicalVolumeCount > pvsBefore)
                {
                    outcome += " (but the VG did grow)";
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        await pending;
        return $"asked {ask} MiB with {freeMib} MiB free; add-pv {device}: {outcome}; answered: {tracked.Succeeded?.ToString() ?? "no"}";
    }

    private async Task<string> KillHostMidRequestAsync(TestEnvironment env, Guid volume, ulong sizeMib, Random rng)
    {
        var host = await HostSide.StartAsync(env.Mailbox, VictimHost);
        _requests.Add(new TrackedRequest(VictimHost, volume, sizeMib, DateTime.UtcNow, aboveCap: false, abandoned: true));
        using (var abandon = new CancellationTokenSource())
        {
            var inFlight = host.Send(env.DomainId, volume, sizeMib, abandon.Token);
            await Task.Delay(rng.Next(0, 60));
            await host.DisposeAsync();
            _ = inFlight.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        await using var reborn = await HostSide.StartAsync(env.Mailbox, VictimHost);
        var tracked = new TrackedRequest(VictimHost, volume, sizeMib + 32, DateTime.UtcNow, aboveCap: false, abandoned: false);
        _requests.Add(tracked);
        await SendTrackedAsync(reborn, env.DomainId, tracked);
        return $"host {VictimHost} disposed with {sizeMib} MiB in flight; reborn asked {sizeMib + 32} MiB: answered {tracked.Succeeded?.ToString() ?? "no"}";
    }

    private static async Task<string> FloodAsync(TestEnvironment env, Random rng)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(4);
        var writes = 0;
        var slot = new byte[MailboxLayout.MessageSize];
        while (DateTime.UtcNow < until)
        {
            var id = new MessageId(FloodHost, rng.Next(MailboxLayout.MessagesPerBlock));
            switch (rng.Next(3))
            {
                case 0:
                    rng.NextBytes(slot);
                    break;
                case 1:
                    MailboxCodec.EncodeExtend(new ExtendMessage(env.DomainId, Guid.NewGuid(), (ulong)rng.Next(1, 4096)), slot);
                    Encoding.ASCII.GetBytes("9junk").CopyTo(slot, 0);
                    break;
                default:
                    MailboxCodec.EncodeExtend(new ExtendMessage(env.DomainId, Guid.NewGuid(), (ulong)rng.Next(1, 4096)), slot);
                    break;
            }

            RawInbox.WriteSlot(env.Mailbox, id, slot);
            writes++;
            await Task.Delay(20);
        }

        RawInbox.WriteBlock(env.Mailbox, FloodHost, Sealed(new byte[MailboxLayout.BlockSize]));
        return $"host {FloodHost} wrote {writes} garbage slots (random bytes, unknown opcode, unknown volumes), then cleared its block";
    }

    private async Task<List<string>> CheckInvariantsAsync(TestEnvironment env, OwnPostgres postgres, Dictionary<Guid, long> volumes)
    {
        var failures = new List<string>();
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync();

        // Nothing lost: answered, or still pending and visible.
        var expected = _requests.Where(r => !r.Abandoned).ToList();
        var unanswered = expected.Where(r => r.Succeeded is null).ToList();
        foreach (var r in unanswered)
        {
            var pending = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM extend_requests WHERE volume_id = @V AND requested_mib = @S AND state IN ('received', 'waiting_for_space', 'extending')",
                new { V = r.Volume, S = (long)r.SizeMib });
            if (pending == 0)
            {
                failures.Add($"lost: host {r.HostId} volume {r.Volume} {r.SizeMib} MiB issued {r.IssuedAt:HH:mm:ss.fff}: no answer in {RequestTimeout.TotalSeconds} s and not pending");
            }
        }

        // Refusals where due, never beyond what was asked or the cap, at least what was granted.
        foreach (var r in expected.Where(r => r.AboveCap && r.Succeeded == true))
        {
            failures.Add($"above the cap granted: volume {r.Volume} {r.SizeMib} MiB > cap {CapMib} MiB");
        }

        foreach (var (volume, cap) in volumes)
        {
            var size = env.Vg.GetLvSizeBytes(volume.ToString()) / Mib;
            var asked = _requests.Where(r => r.Volume == volume && !r.AboveCap).Select(r => (long)r.SizeMib).DefaultIfEmpty(8).Max();
            var granted = _requests.Where(r => r.Volume == volume && r.Succeeded == true).Select(r => (long)r.SizeMib).DefaultIfEmpty(8).Max();
            if (size > Math.Max(asked, 8) || size > cap)
            {
                failures.Add($"volume {volume}: {size} MiB, more than asked ({asked} MiB) or the cap ({cap} MiB)");
            }

            if (size < granted)
            {
                failures.Add($"volume {volume}: {size} MiB, less than the {granted} MiB answered as done");
            }
        }

        var lvs = env.Vg.GetLvNames();
        if (lvs.Count != volumes.Count)
        {
            failures.Add($"the VG has {lvs.Count} LVs, {volumes.Count} created: {string.Join(", ", lvs)}");
        }

        // Nothing extended twice: at most one done row that grew the LV per (host, slot, volume, size).
        var twice = (await connection.QueryAsync<(int?, int?, Guid?, long?, long)>(
            """
            SELECT host_id, slot, volume_id, requested_mib, count(*) FROM extend_requests
            WHERE state = 'done' AND size_after_bytes > size_before_bytes
            GROUP BY host_id, slot, volume_id, requested_mib HAVING count(*) > 1
            """)).ToList();
        failures.AddRange(twice.Select(t => $"extended {t.Item5} times: host {t.Item1} slot {t.Item2} volume {t.Item3} {t.Item4} MiB"));
        var doneRows = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM extend_requests WHERE state = 'done'");
        var redone = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM extend_requests WHERE state = 'done' AND source = 'mailbox' GROUP BY host_id, slot, volume_id, requested_mib) d");

        // vgck clean.
        var vgck = LvmCommand.TryRun("vgck", env.Vg.Devices, env.Vg.Name);
        // "Activation disabled" is what every lvm command says on this machine (no device-mapper); any other warning counts.
        var warnings = vgck.StandardError.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("WARNING: Activation disabled", StringComparison.Ordinal)).ToList();
        if (vgck.ExitCode != 0 || warnings.Count > 0)
        {
            failures.Add($"vgck {env.Vg.Name}: exit {vgck.ExitCode}: {string.Join(" | ", warnings)}");
        }

        // Exactly one leader.
        var leaders = new List<string>();
        foreach (var (id, (_, port)) in _coordinators)
        {
            using var client = new AdminTestClient(new Uri($"http://127.0.0.1:{port}"));
            try
            {
                var status = await client.GetStatusAsync();
                if (status.Role == Role.Leader)
                {
                    leaders.Add(id);
                }
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                failures.Add($"{id}: GetStatus failed: {ex.StatusCode} {ex.Status.Detail}");
            }
        }

        var holder = await connection.QuerySingleAsync<(string, bool)>(
            "SELECT holder, expires_at > now() FROM leases WHERE pool_id = @P", new { P = env.PoolId });
        if (leaders.Count != 1 || leaders[0] != holder.Item1 || !holder.Item2)
        {
            failures.Add($"leaders by GetStatus: [{string.Join(", ", leaders)}]; lease: {holder.Item1}, current: {holder.Item2}");
        }

        // Served on time outside the fault windows.
        var windows = _windows.ToList();
        // A request is exempt when a fault was active at some time within its bound (issued before the fault, but
        // a fault struck before the bound expired; or issued during the fault or its grace period).
        var onTime = expected.Where(r => r.HostId <= WellBehavedHosts && !windows.Any(w => w.Start < r.IssuedAt + AnswerBound && r.IssuedAt <= w.End)).ToList();
        failures.AddRange(onTime.Where(r => r.Latency is null || r.Latency > AnswerBound).Select(r =>
            $"late: host {r.HostId} volume {r.Volume} {r.SizeMib} MiB issued {r.IssuedAt:HH:mm:ss.fff} outside any fault: {(r.Latency is { } l ? $"{l.TotalSeconds:F2} s" : "no answer")}"));

        if (onTime.Count < 10)
        {
            failures.Add($"only {onTime.Count} requests were issued outside the fault windows: too few to check the latency bound");
        }

        var answered = expected.Count(r => r.Succeeded is not null);
        var maxLatency = expected.Where(r => r.Latency is not null).Select(r => r.Latency!.Value).DefaultIfEmpty().Max();
        var maxOnTime = onTime.Where(r => r.Latency is not null).Select(r => r.Latency!.Value).DefaultIfEmpty().Max();
        output.WriteLine($"summary: {windows.Count} faults ({string.Join(", ", windows.Select(w => w.Kind))}); {_requests.Count} requests " +
            $"({_requests.Count(r => r.Abandoned)} abandoned with their host), {answered}/{expected.Count} answered " +
            $"({expected.Count(r => r.Succeeded == true)} done, {expected.Count(r => r.Succeeded == false)} refused), {unanswered.Count} unanswered; " +
            $"max latency {maxLatency.TotalSeconds:F2} s, outside faults {maxOnTime.TotalSeconds:F2} s over {onTime.Count} requests; " +
            $"{doneRows} done rows, {redone} repeated done rows for one mailbox request; {failures.Count} invariant failures");
        foreach (var w in windows)
        {
            output.WriteLine($"  {w.Kind}: {w.Start:HH:mm:ss.f}-{w.End:HH:mm:ss.f} {w.Detail}");
        }

        return failures;
    }

    private static byte[] Sealed(byte[] block)
    {
        MailboxBlockCodec.SealHostBlock(block);
        return block;
    }
}
