using System.CommandLine;

namespace LvExtend.Bench.Cli;

/// <summary>The command line: every knob of <see cref="BenchSettings"/>, with its default and its bounds.</summary>
internal static class BenchCommand
{
    public static RootCommand Create(Func<BenchSettings, CancellationToken, Task<int>> run)
    {
        var d = new BenchSettings();
        var hosts = Int("--hosts", "SIMULATED hosts (host ids 1..N), each with a real HostMailbox.", d.Hosts, 1, 2000);
        var volumes = Int("--volumes", "SIMULATED volumes per host, each a real LV.", d.VolumesPerHost, 1, 63);
        var rate = new Option<double?>("--rate-mibps")
        {
            Description = "Watermark growth per volume, MiB/s. Default: derived so that the offered load is --load-factor of the raw lvextend rate.",
        };
        var loadFactor = Double("--load-factor", "Offered load as a fraction of the raw lvextend rate, when --rate-mibps is not given.", d.LoadFactor, 0.01, 2);
        var chunk = Int("--chunk-mib", "Agent policy: each extension asks for physical + chunk.", d.ChunkMib, 1, 1 << 20);
        var utilization = Int("--utilization", "Agent policy: extend when less than (100 - this)% of a chunk is left.", d.UtilizationPercent, 0, 99);
        var extent = Int("--extent-mib", "The VG's extent size (MiB, a power of two).", d.ExtentMib, 1, 1024);
        var pvSize = Int("--pv-size-gib", "Size of the sparse PV file (only metadata is written).", d.PvSizeGiB, 1, 1 << 16);
        var steady = Double("--steady-seconds", "Length of the steady load of each run.", d.SteadyDuration.TotalSeconds, 1, 3600);
        var burst = Int("--burst-size", "Volumes that ask at once after the steady load (the throughput measurement); 0: no burst.", d.BurstSize, 0, 1_000_000);
        var rawCount = Int("--raw-count", "lvextend commands in each raw measurement.", d.RawCount, 1, 10_000);
        var noBaseline = Flag("--no-baseline", "Skip the run with the reference's timings.");
        var eventMs = Double("--event-interval-ms", "Tuned run: the coordinator's doorbell polling.", d.Tuned.EventInterval.TotalMilliseconds, 1, 10_000);
        var scanMs = Double("--full-scan-ms", "Tuned run: the coordinator's full scan.", d.Tuned.FullScanInterval.TotalMilliseconds, 1, 60_000);
        var pollMs = Double("--host-poll-ms", "Tuned run: the hosts' reply polling.", d.Tuned.HostPollInterval.TotalMilliseconds, 1, 10_000);
        var locking = Flag("--refresh-locking", "Refresh with LVM's local locking (the loop backend's exact command) instead of --nolocking.");
        var replyTimeout = Double("--reply-timeout-seconds", "A request without a reply after this is withdrawn and counted.", d.ReplyTimeout.TotalSeconds, 1, 600);
        var timeout = Double("--timeout-seconds", "Abandon (and clean up) the whole benchmark after this.", d.Timeout.TotalSeconds, 10, 86_400);
        var seed = Int("--seed", "Seed of the watermarks' start positions.", d.Seed, int.MinValue, int.MaxValue);
        var workDir = new Option<string?>("--work-dir") { Description = "Directory to create for the run's files (must be under /tmp/lvx-); removed at the end." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file.", HelpName = "FILE" };
        var logDir = new Option<string?>("--log-dir") { Description = "Keep the coordinators' logs in this directory." };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL server (Npgsql connection string); default: $LVX_TEST_PG." };
        workDir.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !Path.GetFullPath(value).StartsWith("/tmp/lvx-", StringComparison.Ordinal))
            {
                r.AddError("--work-dir must be under /tmp/lvx- (the clean-up relies on that prefix).");
            }
        });

        var root = new RootCommand(
            "LvExtend benchmark: N SIMULATED hosts x M SIMULATED volumes (real HostMailbox, real LVs) against the real coordinator "
            + "process, PostgreSQL and LVM; tuned timings, then the reference's as the baseline.")
        {
            hosts, volumes, rate, loadFactor, chunk, utilization, extent, pvSize, steady, burst, rawCount, noBaseline, eventMs, scanMs,
            pollMs, locking, replyTimeout, timeout, seed, workDir, json, logDir, postgres,
        };
        root.SetAction((p, cancellationToken) =>
        {
            var settings = new BenchSettings
            {
                Hosts = p.GetValue(hosts),
                VolumesPerHost = p.GetValue(volumes),
                RateMibps = p.GetValue(rate),
                LoadFactor = p.GetValue(loadFactor),
                ChunkMib = p.GetValue(chunk),
                UtilizationPercent = p.GetValue(utilization),
                ExtentMib = p.GetValue(extent),
                PvSizeGiB = p.GetValue(pvSize),
                SteadyDuration = TimeSpan.FromSeconds(p.GetValue(steady)),
                BurstSize = p.GetValue(burst),
                RawCount = p.GetValue(rawCount),
                Baseline = !p.GetValue(noBaseline),
                Tuned = TimingProfile.TunedDefault with
                {
                    EventInterval = TimeSpan.FromMilliseconds(p.GetValue(eventMs)),
                    FullScanInterval = TimeSpan.FromMilliseconds(p.GetValue(scanMs)),
                    HostPollInterval = TimeSpan.FromMilliseconds(p.GetValue(pollMs)),
                },
                RefreshWithLocking = p.GetValue(locking),
                ReplyTimeout = TimeSpan.FromSeconds(p.GetValue(replyTimeout)),
                Timeout = TimeSpan.FromSeconds(p.GetValue(timeout)),
                Seed = p.GetValue(seed),
                WorkDirectory = p.GetValue(workDir),
                JsonPath = p.GetValue(json),
                LogDirectory = p.GetValue(logDir),
                Postgres = p.GetValue(postgres),
            };
            return run(settings, cancellationToken);
        });
        root.Validators.Add(r =>
        {
            var rateValue = r.GetValue(rate);
            if (rateValue is { } value && (!double.IsFinite(value) || value <= 0))
            {
                r.AddError("--rate-mibps must be positive.");
            }

            var extentValue = r.GetValue(extent);
            if ((extentValue & (extentValue - 1)) != 0)
            {
                r.AddError("--extent-mib must be a power of two.");
            }
        });
        return root;
    }

    private static Option<int> Int(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<int>();
            if (value < min || value > max)
            {
                r.AddError($"{name} must be within {min}..{max}, not {value}.");
            }
        });
        return option;
    }

    private static Option<double> Double(string name, string description, double defaultValue, double min, double max)
    {
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<double>();
            if (!double.IsFinite(value) || value < min || value > max)
            {
                r.AddError($"{name} must be within {min}..{max}, not {value}.");
            }
        });
        return option;
    }

    private static Option<bool> Flag(string name, string description) => new(name) { Description = description };
}
