using System.Diagnostics;
using System.Globalization;
using LvExtend.Bench.Coordinator;
using LvExtend.Bench.Failover;
using LvExtend.Bench.Growth;
using LvExtend.Bench.Idle;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Report;
using LvExtend.Bench.Simulation;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;

namespace LvExtend.Bench;

/// <summary>
/// The whole benchmark: the VG and its LVs (one per simulated volume), then per timing profile (tuned, then the
/// reference's as the baseline) a raw lvextend measurement and a load run against a fresh coordinator, then the
/// report. Everything it creates lives in one directory under /tmp/lvx-* and is removed at the end.
/// </summary>
internal sealed class BenchRunner(BenchSettings settings, TextWriter output, TextWriter progress)
{
    private const long CapacityMib = 1024 * 1024;

    public async Task<BenchReport> RunAsync(CancellationToken cancellationToken)
    {
        RequiredDependency.RequireRoot("loop devices and LVM");
        if (settings.Postgres is { } postgres)
        {
            Environment.SetEnvironmentVariable(PostgresDatabase.EnvironmentVariable, postgres);
        }

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var work = settings.WorkDirectory ?? TestPaths.CreateTempDirectory("bench");
        Directory.CreateDirectory(work);
        try
        {
            var machine = await MachineInfo.ReadAsync(PostgresDatabase.ServerConnectionString, cancellationToken);
            var coordinatorBuild = CoordinatorBuild.Read(settings.CoordinatorDirectory);
            progress.WriteLine($"coordinator: {coordinatorBuild.Describe()}");
            LvmEnvironment.Configure(Path.Combine(work, "lvm"));
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var setupClock = Stopwatch.StartNew();
            await using var vg = await BenchVolumeGroup.CreateAsync(work, settings.PvSizeGiB, settings.ExtentMib, cancellationToken);
            var domainId = Guid.NewGuid();
            var phases = settings.Phases;
            var loadPhases = (phases & (BenchPhases.Latency | BenchPhases.Failover)) != 0;
            var volumes = loadPhases ? await CreateVolumesAsync(vg, cancellationToken) : [];
            var growthPlan = (phases & BenchPhases.Growth) != 0 ? GrowthPhase.Plan(settings) : [];
            await CreateGrowthVolumesAsync(vg, growthPlan, cancellationToken);
            var probe = new RawLvextendProbe(vg, settings.ChunkMib);
            await probe.CreateAsync(cancellationToken);
            var setupSeconds = setupClock.Elapsed.TotalSeconds;
            var (_, mdaFree, lvCount) = await vg.ReadVgAsync(cancellationToken);
            progress.WriteLine(F($"VG {vg.Name} on {vg.Devices[0]}: {lvCount} LVs in {setupSeconds:0.0} s; {mdaFree / 1048576.0:0.0} MiB metadata area free"));

            var calibration = await probe.RunAsync(Math.Max(1, settings.RawCount / 2), cancellationToken);
            progress.WriteLine(F($"raw lvextend at set-up: {calibration.RatePerSecond:0.0}/s, mean {calibration.DurationMs.Mean:0.0} ms"));
            var rate = settings.RateMibps ?? settings.LoadFactor * calibration.RatePerSecond * settings.ChunkMib / settings.Volumes;
            var rateSource = settings.RateMibps is null
                ? F($"derived: {settings.LoadFactor:P0} of the raw lvextend rate measured at set-up, {calibration.RatePerSecond:0.0}/s")
                : "set with --rate-mibps";
            var runs = new List<RunReport>();
            RoundsReport? rounds = null;
            if ((phases & BenchPhases.Latency) != 0)
            {
                var loadRun = new LoadRun(settings, vg, probe, domainId, volumes, loggerFactory, progress);
                var orders = new Dictionary<int, string>();
                for (var round = 1; round <= settings.Rounds; round++)
                {
                    // Interleaved: the order alternates, so that a drift of the machine's speed does not favour one profile.
                    TimingProfile[] profiles = !settings.Baseline ? [settings.Tuned]
                        : round % 2 == 1 ? [settings.Tuned, settings.Reference] : [settings.Reference, settings.Tuned];
                    orders[round] = string.Join(", ", profiles.Select(p => p.Name));
                    foreach (var profile in profiles)
                    {
                        var name = settings.Rounds > 1 ? F($"{profile.Name}-r{round}") : profile.Name;
                        var data = await loadRun.ExecuteAsync(profile, rate, Path.Combine(work, name), cancellationToken);
                        KeepLog(data.CoordinatorLog, name);
                        var run = RunAnalyzer.Analyze(data, settings) with { Round = round };
                        runs.Add(run);
                        progress.WriteLine(F($"[{name}] done: {run.SteadyExtended} steady extensions, {run.Pauses} pauses"));
                    }
                }

                rounds = RoundsReport.Of(runs, orders);
            }

            GrowthReport? growth = null;
            if (growthPlan.Count > 0)
            {
                growth = await new GrowthPhase(settings, vg, domainId, growthPlan, loggerFactory, progress)
                    .ExecuteAsync(Path.Combine(work, "growth"), cancellationToken);
            }

            IdleReport? idle = null;
            if ((phases & BenchPhases.Idle) != 0)
            {
                idle = await new IdlePhase(settings, vg, domainId, loggerFactory, progress).ExecuteAsync(Path.Combine(work, "idle"), cancellationToken);
            }

            FailoverReport? failover = null;
            if ((phases & BenchPhases.Failover) != 0)
            {
                failover = await new FailoverPhase(settings, vg, domainId, volumes, loggerFactory, progress)
                    .ExecuteAsync(rate, Path.Combine(work, "failover"), cancellationToken);
            }

            var summary = new BenchSummary(
                settings.Hosts, settings.VolumesPerHost, settings.Volumes, settings.ChunkMib, settings.UtilizationPercent, settings.LimitMib,
                rate, rateSource, settings.Volumes * rate / settings.ChunkMib, settings.ExtentMib, settings.PvSizeGiB, lvCount,
                setupSeconds, RefreshDescription(), settings.SteadyDuration.TotalSeconds, Math.Min(settings.BurstSize, settings.Volumes));
            var report = new BenchReport(startedAt, clock.Elapsed.TotalSeconds, machine, coordinatorBuild, summary, phases.ToString(), runs, rounds, growth, idle, failover);
            TextReport.Write(report, output);
            if (settings.JsonPath is { } json)
            {
                await JsonReport.WriteAsync(report, json, cancellationToken);
                progress.WriteLine($"JSON report written to {json}");
            }

            return report;
        }
        finally
        {
            TestPaths.DeleteDirectoryQuietly(work);
        }
    }

    /// <summary>One LV per simulated volume, named after its UUID, tagged with its capacity (1 TiB: never the cap).</summary>
    private async Task<List<(int HostId, Guid VolumeId)>> CreateVolumesAsync(BenchVolumeGroup vg, CancellationToken cancellationToken)
    {
        var volumes = new List<(int, Guid)>();
        string[] tags = [F($"lvx_capacity_mib={CapacityMib}")];
        for (var host = 1; host <= settings.Hosts; host++)
        {
            for (var v = 0; v < settings.VolumesPerHost; v++)
            {
                var id = Guid.NewGuid();
                await vg.CreateLvAsync(id.ToString(), 2L * settings.ChunkMib, tags, cancellationToken);
                volumes.Add((host, id));
                if (volumes.Count % 100 == 0)
                {
                    progress.WriteLine(F($"created {volumes.Count}/{settings.Volumes} LVs"));
                }
            }
        }

        return volumes;
    }

    /// <summary>The growth phase's LVs, named after their UUIDs, at the initial size, tagged with their capacity.</summary>
    private async Task CreateGrowthVolumesAsync(
        BenchVolumeGroup vg, IReadOnlyList<(GrowthPolicyKind Policy, double RateMibps, Guid VolumeId)> plan, CancellationToken cancellationToken)
    {
        string[] tags = [F($"lvx_capacity_mib={settings.GrowthCapacityMib}")];
        foreach (var (_, _, id) in plan)
        {
            await vg.CreateLvAsync(id.ToString(), settings.GrowthInitialMib, tags, cancellationToken);
        }
    }

    private string RefreshDescription() =>
        settings.RefreshWithLocking
            ? "lvm lvs -o lv_size vg/lv per refresh (the agent's loop backend, a fork each)"
            : "lvm lvs --nolocking -o lv_size vg/lv per refresh (the agent's loop backend, a fork each; no local lock: the simulated hosts stand for other machines)";

    private void KeepLog(string log, string name)
    {
        if (settings.LogDirectory is not { } directory || !File.Exists(log))
        {
            return;
        }

        Directory.CreateDirectory(directory);
        File.Copy(log, Path.Combine(directory, $"coordinator-{name}.log"), overwrite: true);
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
