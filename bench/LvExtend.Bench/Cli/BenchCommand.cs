using System.CommandLine;
using System.Globalization;

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
        var phases = new Option<string>("--phases")
        {
            Description = "Comma-separated parts to run: latency (tuned vs reference timings, in rounds), growth (fixed vs adaptive chunks), "
                + "idle (coordinator idle cost), failover (leader SIGKILLed under load), all.",
            DefaultValueFactory = _ => "all",
        };
        phases.Validators.Add(r =>
        {
            ParsePhases(r.GetValueOrDefault<string>() ?? "", out var error);
            if (error is not null)
            {
                r.AddError(error);
            }
        });
        var rounds = Int("--rounds", "Latency phase: rounds of (tuned, baseline), order alternating; ratios are taken within a round.", d.Rounds, 1, 50);
        var growthRates = new Option<string>("--growth-rates")
        {
            Description = "Growth phase: the mix of write rates per volume, MiB/s, comma-separated (0: idle).",
            DefaultValueFactory = _ => string.Join(',', d.GrowthRatesMibps.Select(r => r.ToString(CultureInfo.InvariantCulture))),
        };
        growthRates.Validators.Add(r =>
        {
            ParseRates(r.GetValueOrDefault<string>() ?? "", out var error);
            if (error is not null)
            {
                r.AddError(error);
            }
        });
        var growthPerRate = Int("--growth-volumes-per-rate", "Growth phase: volumes per rate and per policy.", d.GrowthVolumesPerRate, 1, 100);
        var growthSeconds = Double("--growth-seconds", "Growth phase: measured duration.", d.GrowthDuration.TotalSeconds, 1, 3600);
        var growthWarmUp = Double("--growth-warmup-seconds", "Growth phase: warm-up before the measurement (pauses reported apart).", d.GrowthWarmUp.TotalSeconds, 0, 600);
        var growthChunk = Int("--growth-fixed-chunk-mib", "Growth phase: the fixed policy's chunk (the reference: 2560).", d.GrowthFixedChunkMib, 1, 1 << 20);
        var idleHosts = Int("--idle-hosts", "Idle phase: idle simulated hosts.", d.IdleHosts, 1, 2000);
        var idleSeconds = Double("--idle-seconds", "Idle phase: each measured window.", d.IdleDuration.TotalSeconds, 1, 3600);
        var idleWindows = Int("--idle-windows", "Idle phase: consecutive windows measured per process; the median is reported, with min and max.", d.IdleWindows, 1, 100);
        var idleEventMs = Double("--idle-event-interval-ms", "Idle phase: the coordinator's idle doorbell polling (Mailbox:IdleEventInterval).", d.IdleEventInterval.TotalMilliseconds, 1, 10_000);
        var idleWindow = Double("--idle-active-window-seconds", "Idle phase: the coordinator's active window (Mailbox:ActiveWindow); the measurement starts after it.", d.IdleActiveWindow.TotalSeconds, 0, 3600);
        var idleSettle = Double("--idle-settle-seconds", "Idle phase: the coordinator's idle time after its active window before its measurement, so that start-up work (the JIT's tiering) is not counted; its CPU is reported apart.", d.IdleSettle.TotalSeconds, 0, 3600);
        var idleAgentSettle = Double("--idle-agent-settle-seconds", "Idle phase: the agent's idle time after it monitors every drive before its measurement.", d.IdleAgentSettle.TotalSeconds, 0, 3600);
        var idleDrives = Int("--idle-agent-drives", "Idle phase: drives of the agent's idle VM (a real Hsm.Agent and qemu); 0: no agent part.", d.IdleAgentDrives, 0, 24);
        var failoverSeconds = Double("--failover-seconds", "Failover phase: steady load duration.", d.FailoverDuration.TotalSeconds, 2, 3600);
        var failoverKill = Double("--failover-kill-after-seconds", "Failover phase: SIGKILL the leader this long into the load.", d.FailoverKillAfter.TotalSeconds, 1, 3600);
        var workDir = new Option<string?>("--work-dir") { Description = "Directory to create for the run's files (must be under /tmp/lvx-); removed at the end." };
        var json = new Option<string?>("--json") { Description = "Also write the report as JSON to this file.", HelpName = "FILE" };
        var logDir = new Option<string?>("--log-dir") { Description = "Keep the coordinators' logs in this directory." };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL server (Npgsql connection string); default: $LVX_TEST_PG." };
        var coordinatorDir = new Option<string?>("--coordinator-dir")
        {
            Description = "Run the coordinator from this directory (its dotnet publish output: scripts/bench.sh publishes it ReadyToRun, as it ships); default: the build next to this program.",
            HelpName = "DIR",
        };
        coordinatorDir.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string?>();
            if (value is not null && !File.Exists(Path.Combine(value, "Spm.Coordinator.dll")))
            {
                r.AddError($"--coordinator-dir: no Spm.Coordinator.dll in {value}.");
            }
        });
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
            pollMs, locking, replyTimeout, timeout, seed, workDir, json, logDir, postgres, coordinatorDir, phases, rounds, growthRates, growthPerRate,
            growthSeconds, growthWarmUp, growthChunk, idleHosts, idleSeconds, idleWindows, idleEventMs, idleWindow, idleSettle, idleAgentSettle, idleDrives, failoverSeconds, failoverKill,
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
                CoordinatorDirectory = p.GetValue(coordinatorDir) is { } dir ? Path.GetFullPath(dir) : null,
                Phases = ParsePhases(p.GetValue(phases)!, out _),
                Rounds = p.GetValue(rounds),
                GrowthRatesMibps = ParseRates(p.GetValue(growthRates)!, out _),
                GrowthVolumesPerRate = p.GetValue(growthPerRate),
                GrowthDuration = TimeSpan.FromSeconds(p.GetValue(growthSeconds)),
                GrowthWarmUp = TimeSpan.FromSeconds(p.GetValue(growthWarmUp)),
                GrowthFixedChunkMib = p.GetValue(growthChunk),
                IdleHosts = p.GetValue(idleHosts),
                IdleDuration = TimeSpan.FromSeconds(p.GetValue(idleSeconds)),
                IdleWindows = p.GetValue(idleWindows),
                IdleEventInterval = TimeSpan.FromMilliseconds(p.GetValue(idleEventMs)),
                IdleActiveWindow = TimeSpan.FromSeconds(p.GetValue(idleWindow)),
                IdleSettle = TimeSpan.FromSeconds(p.GetValue(idleSettle)),
                IdleAgentSettle = TimeSpan.FromSeconds(p.GetValue(idleAgentSettle)),
                IdleAgentDrives = p.GetValue(idleDrives),
                FailoverDuration = TimeSpan.FromSeconds(p.GetValue(failoverSeconds)),
                FailoverKillAfter = TimeSpan.FromSeconds(p.GetValue(failoverKill)),
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

            // Options left out are not in the command's result: their defaults then.
            var killAfter = r.GetResult(failoverKill) is { } k ? k.GetValueOrDefault<double>() : d.FailoverKillAfter.TotalSeconds;
            var failoverLength = r.GetResult(failoverSeconds) is { } f ? f.GetValueOrDefault<double>() : d.FailoverDuration.TotalSeconds;
            if (killAfter >= failoverLength)
            {
                r.AddError("--failover-kill-after-seconds must be less than --failover-seconds.");
            }

            var extentValue = r.GetValue(extent);
            if ((extentValue & (extentValue - 1)) != 0)
            {
                r.AddError("--extent-mib must be a power of two.");
            }
        });
        return root;
    }

    /// <summary>Parses "latency,growth,..." or "all"; the error names what is wrong (and the result is then None).</summary>
    internal static BenchPhases ParsePhases(string value, out string? error)
    {
        error = null;
        var result = BenchPhases.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Enum.TryParse<BenchPhases>(part, ignoreCase: true, out var phase) || int.TryParse(part, out _))
            {
                error = $"--phases: unknown phase '{part}' (latency, growth, idle, failover, all).";
                return BenchPhases.None;
            }

            result |= phase;
        }

        if (result == BenchPhases.None)
        {
            error = "--phases must name at least one phase (latency, growth, idle, failover, all).";
        }

        return result;
    }

    /// <summary>Parses "0,1,16,..." (MiB/s, each 0..65536); the error names what is wrong.</summary>
    internal static IReadOnlyList<double> ParseRates(string value, out string? error)
    {
        error = null;
        var rates = new List<double>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !double.IsFinite(rate) || rate is < 0 or > 65536)
            {
                error = $"--growth-rates: '{part}' is not a rate in MiB/s within 0..65536.";
                return [];
            }

            rates.Add(rate);
        }

        if (rates.Count == 0)
        {
            error = "--growth-rates must list at least one rate.";
        }

        return rates.Distinct().ToList();
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
