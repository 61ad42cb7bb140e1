using System.Diagnostics;
using System.Globalization;
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
            LvmEnvironment.Configure(Path.Combine(work, "lvm"));
            using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
            var setupClock = Stopwatch.StartNew();
            await using var vg = await BenchVolumeGroup.CreateAsync(work, settings.PvSizeGiB, settings.ExtentMib, cancellationToken);
            var domainId = Guid.NewGuid();
            var volumes = await CreateVolumesAsync(vg, cancellationToken);
            var probe = new RawLvextendProbe(vg, settings.ChunkMib);
            await probe.CreateAsync(cancellationToken);
            var setupSeconds = setupClock.Elapsed.TotalSeconds;
            var (_, mdaFree, lvCount) = await vg.ReadVgAsync(cancellationToken);
            progress.WriteLine(F($"VG {vg.Name} on {vg.Devices[0]}: {lvCount} LVs in {setupSeconds:0.0} s; {mdaFree / 1048576.0:0.0} MiB metadata area free"));

            var profiles = settings.Baseline ? new[] { settings.Tuned, settings.Reference } : [settings.Tuned];
            var calibration = await probe.RunAsync(Math.Max(1, settings.RawCount / 2), cancellationToken);
            progress.WriteLine(F($"raw lvextend at set-up: {calibration.RatePerSecond:0.0}/s, mean {calibration.DurationMs.Mean:0.0} ms"));
            var rate = settings.RateMibps ?? settings.LoadFactor * calibration.RatePerSecond * settings.ChunkMib / settings.Volumes;
            var rateSource = settings.RateMibps is null
                ? F($"derived: {settings.LoadFactor:P0} of the raw lvextend rate measured at set-up, {calibration.RatePerSecond:0.0}/s")
                : "set with --rate-mibps";
            var runs = new List<RunReport>();
            var loadRun = new LoadRun(settings, vg, probe, domainId, volumes, loggerFactory, progress);
            foreach (var profile in profiles)
            {
                var data = await loadRun.ExecuteAsync(profile, rate, Path.Combine(work, profile.Name), cancellationToken);
                KeepLog(data.CoordinatorLog, profile.Name);
                var run = RunAnalyzer.Analyze(data, settings);
                runs.Add(run);
                progress.WriteLine(F($"[{profile.Name}] done: {run.SteadyExtended} steady extensions, {run.Pauses} pauses"));
            }

            var summary = new BenchSummary(
                settings.Hosts, settings.VolumesPerHost, settings.Volumes, settings.ChunkMib, settings.UtilizationPercent, settings.LimitMib,
                rate, rateSource, settings.Volumes * rate / settings.ChunkMib, settings.ExtentMib, settings.PvSizeGiB, lvCount,
                setupSeconds, RefreshDescription(), settings.SteadyDuration.TotalSeconds, Math.Min(settings.BurstSize, settings.Volumes));
            var report = new BenchReport(startedAt, clock.Elapsed.TotalSeconds, machine, summary, runs);
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
