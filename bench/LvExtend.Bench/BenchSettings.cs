using Shared.Mailbox;

namespace LvExtend.Bench;

/// <summary>Everything the benchmark was asked to do (command line, validated by <see cref="Cli.BenchCommand"/>).</summary>
internal sealed record BenchSettings
{
    /// <summary>Simulated hosts, host ids 1..Hosts, each with its own real HostMailbox.</summary>
    public int Hosts { get; init; } = 50;

    /// <summary>Simulated volumes per host, each a real LV.</summary>
    public int VolumesPerHost { get; init; } = 4;

    /// <summary>Watermark growth per volume in MiB/s; null: derived from <see cref="LoadFactor"/>.</summary>
    public double? RateMibps { get; init; }

    /// <summary>When the rate is derived: the offered load as a fraction of the raw lvextend rate.</summary>
    public double LoadFactor { get; init; } = 0.2;

    /// <summary>The agent policy's chunk: each extension asks for physical + chunk.</summary>
    public int ChunkMib { get; init; } = 64;

    /// <summary>The agent policy's utilization: extend when less than (100 - this)% of a chunk is free.</summary>
    public int UtilizationPercent { get; init; } = 90;

    /// <summary>The VG's extent size.</summary>
    public int ExtentMib { get; init; } = 4;

    /// <summary>The size of the one sparse PV.</summary>
    public int PvSizeGiB { get; init; } = 2048;

    /// <summary>
    /// How long the steady load runs (per timing profile): 60 s gives about 180 extensions at the default load, so
    /// that a p99 is not simply the maximum (30 s gave about 90).
    /// </summary>
    public TimeSpan SteadyDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How many volumes ask at once after the steady load (the throughput measurement), spread over the hosts;
    /// 0 turns the burst off.
    /// </summary>
    public int BurstSize { get; init; } = 100;

    /// <summary>Whether there is a burst.</summary>
    public bool Burst => BurstSize > 0;

    /// <summary>Sequential lvextend commands in each raw measurement.</summary>
    public int RawCount { get; init; } = 40;

    /// <summary>Whether the baseline (the reference's timings) runs after the tuned run.</summary>
    public bool Baseline { get; init; } = true;

    /// <summary>The tuned profile: the coordinator's and hosts' defaults.</summary>
    public TimingProfile Tuned { get; init; } = TimingProfile.TunedDefault;

    /// <summary>The baseline profile: the reference's timings.</summary>
    public TimingProfile Reference { get; init; } = TimingProfile.ReferenceDefault;

    /// <summary>Refresh with LVM locking (the loop backend's exact command) instead of --nolocking.</summary>
    public bool RefreshWithLocking { get; init; }

    /// <summary>The longest a steady request may wait for its reply before it counts as timed out.</summary>
    public TimeSpan ReplyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a burst request may wait: the whole burst queues behind one lvextend at a time.</summary>
    public TimeSpan BurstReplyTimeout => ReplyTimeout + TimeSpan.FromSeconds(Math.Min(BurstSize, Volumes) * 0.5);

    /// <summary>The whole run is abandoned (and cleaned up) after this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Seed of the simulated watermarks' start positions.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Where the run's files go (a fresh directory under /tmp/lvx-*); null: /tmp/lvx-bench-&lt;random&gt;.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Also write the report as JSON here.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Keep the coordinators' logs here.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>
    /// Where the coordinator (Spm.Coordinator.dll) is run from: scripts/bench.sh gives its ReadyToRun publish output
    /// (what ships); null: the build output next to this program (JIT, tiered compilation on).
    /// </summary>
    public string? CoordinatorDirectory { get; init; }

    /// <summary>The PostgreSQL server (Npgsql connection string); null: LVX_TEST_PG.</summary>
    public string? Postgres { get; init; }

    /// <summary>Which parts run.</summary>
    public BenchPhases Phases { get; init; } = BenchPhases.All;

    /// <summary>
    /// Latency phase: rounds of (tuned, baseline), the order alternating per round, each run with its own raw lvextend
    /// measurement: the ratios are taken within a round (same window of a noisy machine).
    /// </summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Growth phase: the mix of write rates, MiB/s (0: idle).</summary>
    public IReadOnlyList<double> GrowthRatesMibps { get; init; } = [0, 1, 16, 128, 512, 1024, 2048];

    /// <summary>Growth phase: volumes per rate and per policy.</summary>
    public int GrowthVolumesPerRate { get; init; } = 2;

    /// <summary>Growth phase: the measured duration.</summary>
    public TimeSpan GrowthDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Growth phase: the warm-up before it (the adaptive meters learn the rates; pauses reported apart). 20 s: every
    /// volume starts with the idle sizing, and the burst of extensions that provokes lasted past a 10 s warm-up.
    /// </summary>
    public TimeSpan GrowthWarmUp { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Growth phase: the fixed policy's chunk (the reference: 2560 MiB).</summary>
    public int GrowthFixedChunkMib { get; init; } = 2560;

    /// <summary>Growth phase: the fixed policy's utilization (the reference: 20 %, i.e. extend when less than 2048 MiB is left).</summary>
    public int GrowthFixedUtilizationPercent { get; init; } = 20;

    /// <summary>Growth phase: each LV's size at the start.</summary>
    public int GrowthInitialMib { get; init; } = 8192;

    /// <summary>Growth phase: the volumes' virtual capacity (1 TiB: the cap is never reached).</summary>
    public long GrowthCapacityMib { get; init; } = 1024 * 1024;

    /// <summary>Idle phase: idle simulated hosts.</summary>
    public int IdleHosts { get; init; } = 250;

    /// <summary>Idle phase: each measured window.</summary>
    public TimeSpan IdleDuration { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Idle phase: consecutive measured windows per process (the median is the figure, min and max the spread).</summary>
    public int IdleWindows { get; init; } = 3;

    /// <summary>Idle phase: the coordinator's idle doorbell polling (default: the shipped one).</summary>
    public TimeSpan IdleEventInterval { get; init; } = new ManagerMailboxOptions().IdleEventInterval;

    /// <summary>Idle phase: the coordinator's active window (default: the shipped one); the measurement starts after it.</summary>
    public TimeSpan IdleActiveWindow { get; init; } = new ManagerMailboxOptions().ActiveWindow;

    /// <summary>Idle phase: drives of the agent's idle VM (0: no agent part).</summary>
    public int IdleAgentDrives { get; init; } = 20;

    /// <summary>
    /// Idle phase: how long the coordinator runs idle after its active window before its measurement, so that start-up
    /// work is not counted: the JIT's tiering above all, which promotes code on the 5-30 s cycles only once it was
    /// called 30 times. 300 s: in 12 one-minute windows from 1.5 min after the start (2026-12-02, seventh session) the
    /// first four measured 0.48-0.57 % of a core, the next eight 0.33-0.46 %. What the settle costs is reported apart.
    /// </summary>
    public TimeSpan IdleSettle { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Idle phase: how long the agent runs idle after it monitors every drive before its measurement (start-up work
    /// not counted); 60 s: an agent's first 20 s window 30 s after its start measured 0.24-0.29 % against 0.13-0.22 %
    /// for the next ones.
    /// </summary>
    public TimeSpan IdleAgentSettle { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failover phase: the steady load's duration.</summary>
    public TimeSpan FailoverDuration { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Failover phase: when the leader is SIGKILLed, from the load's start.</summary>
    public TimeSpan FailoverKillAfter { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Volumes in total.</summary>
    public int Volumes => Hosts * VolumesPerHost;

    /// <summary>The free space that must stay ahead of the watermark: (100 - utilization)% of the chunk.</summary>
    public double LimitMib => (100 - UtilizationPercent) * ChunkMib / 100.0;
}
