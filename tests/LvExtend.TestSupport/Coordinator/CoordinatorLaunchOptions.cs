using System.Globalization;
using Shared.Mailbox;

namespace LvExtend.TestSupport.Coordinator;

/// <summary>
/// What a coordinator under test (or under the benchmark) is started with, typed. <see cref="ToConfiguration"/> is
/// the one place in tests/ and bench/ that writes the coordinator's configuration keys (docs/configuration.md); the
/// same keys become command-line arguments (<see cref="ToArguments"/>), environment variables
/// (<see cref="ToEnvironment"/>) or an in-memory configuration for an in-process host. A null or unset optional
/// property keeps the coordinator's default.
/// </summary>
public sealed record CoordinatorLaunchOptions
{
    /// <summary>The Npgsql connection string (<c>ConnectionStrings:Postgres</c>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The pool (one lease, one mailbox).</summary>
    public required string PoolId { get; init; }

    /// <summary>The instance id (the lease holder's name; null: the coordinator's default).</summary>
    public string? InstanceId { get; init; }

    /// <summary>The address the gRPC endpoint listens on (<c>0.0.0.0</c>: every IPv4 address).</summary>
    public string ListenHost { get; init; } = "127.0.0.1";

    /// <summary>The gRPC port (0: any free one; give a real one to call it).</summary>
    public int ListenPort { get; init; }

    /// <summary>Where /metrics listens (empty: off, the default here).</summary>
    public string MetricsListen { get; init; } = "";

    /// <summary>The admin API's bearer token (<c>Coordinator:Admin:Token</c>; null: none).</summary>
    public string? AdminToken { get; init; }

    /// <summary>The mailbox inbox.</summary>
    public required string InboxPath { get; init; }

    /// <summary>The mailbox outbox.</summary>
    public required string OutboxPath { get; init; }

    /// <summary>Host ids served: 1..MaxHosts.</summary>
    public int MaxHosts { get; init; } = 8;

    /// <summary>The admin address written into the lease row for standbys' NOT_LEADER hints (null: derived or none).</summary>
    public string? AdvertiseAddress { get; init; }

    /// <summary>How the mailbox is read and written.</summary>
    public MailboxIoMode IoMode { get; init; } = MailboxIoMode.Direct;

    /// <summary>How often the doorbell is read while hosts are active.</summary>
    public TimeSpan? EventInterval { get; init; }

    /// <summary>How often every host block is scanned.</summary>
    public TimeSpan? FullScanInterval { get; init; }

    /// <summary>How often the doorbell is read once no host has rung for <see cref="ActiveWindow"/>.</summary>
    public TimeSpan? IdleEventInterval { get; init; }

    /// <summary>How long after the last ring the doorbell stays at <see cref="EventInterval"/>.</summary>
    public TimeSpan? ActiveWindow { get; init; }

    /// <summary>The lease timings (null: the defaults).</summary>
    public CoordinatorLeaseTimings? Lease { get; init; }

    /// <summary>How often waiting requests look for free space again.</summary>
    public TimeSpan? SpacePollInterval { get; init; }

    /// <summary>Requests per second one host may send.</summary>
    public double? HostRequestsPerSecond { get; init; }

    /// <summary>The burst of requests one host may send.</summary>
    public int? HostRequestBurst { get; init; }

    /// <summary>The domains served.</summary>
    public IReadOnlyList<CoordinatorDomain> Domains { get; init; } = [];

    /// <summary>Log levels by category (<c>Logging:LogLevel:&lt;category&gt;</c>, e.g. <c>Spm.Coordinator</c> = <c>Debug</c>).</summary>
    public IReadOnlyDictionary<string, string> LogLevels { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Raw keys written last, over the typed ones: only for what a test sets on purpose that the coordinator does not
    /// type this way (e.g. a value its validator refuses).
    /// </summary>
    public IReadOnlyDictionary<string, string?> AdditionalSettings { get; init; } = new Dictionary<string, string?>();

    /// <summary>The loopback URL of the gRPC endpoint (for a client), from <see cref="ListenPort"/>.</summary>
    public Uri LoopbackAddress => new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ListenPort}"));

    /// <summary>The configuration keys and values (section paths with ':').</summary>
    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Postgres"] = ConnectionString,
            ["Coordinator:PoolId"] = PoolId,
            ["Coordinator:Listen"] = string.Create(CultureInfo.InvariantCulture, $"http://{ListenHost}:{ListenPort}"),
            ["Coordinator:Telemetry:MetricsListen"] = MetricsListen,
            ["Coordinator:Mailbox:InboxPath"] = InboxPath,
            ["Coordinator:Mailbox:OutboxPath"] = OutboxPath,
            ["Coordinator:Mailbox:MaxHosts"] = MaxHosts.ToString(CultureInfo.InvariantCulture),
            ["Coordinator:Mailbox:IoMode"] = IoMode.ToString(),
        };
        Set(settings, "Coordinator:InstanceId", InstanceId);
        Set(settings, "Coordinator:Admin:Token", AdminToken);
        Set(settings, "Coordinator:AdvertiseAddress", AdvertiseAddress);
        Set(settings, "Coordinator:Mailbox:EventInterval", EventInterval);
        Set(settings, "Coordinator:Mailbox:FullScanInterval", FullScanInterval);
        Set(settings, "Coordinator:Mailbox:IdleEventInterval", IdleEventInterval);
        Set(settings, "Coordinator:Mailbox:ActiveWindow", ActiveWindow);
        Set(settings, "Coordinator:Lease:Ttl", Lease?.Ttl);
        Set(settings, "Coordinator:Lease:RenewInterval", Lease?.RenewInterval);
        Set(settings, "Coordinator:Lease:AcquireInterval", Lease?.AcquireInterval);
        Set(settings, "Coordinator:Lease:SafetyMargin", Lease?.SafetyMargin);
        Set(settings, "Coordinator:Extension:SpacePollInterval", SpacePollInterval);
        Set(settings, "Coordinator:HostLimits:RequestsPerSecond", HostRequestsPerSecond?.ToString("R", CultureInfo.InvariantCulture));
        Set(settings, "Coordinator:HostLimits:RequestBurst", HostRequestBurst?.ToString(CultureInfo.InvariantCulture));
        for (var d = 0; d < Domains.Count; d++)
        {
            var domain = Domains[d];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Coordinator:Domains:{d}:");
            settings[prefix + "DomainId"] = domain.DomainId.ToString();
            settings[prefix + "VgName"] = domain.VgName;
            for (var i = 0; i < domain.PhysicalVolumes.Count; i++)
            {
                settings[string.Create(CultureInfo.InvariantCulture, $"{prefix}PhysicalVolumes:{i}")] = domain.PhysicalVolumes[i];
            }

            Set(settings, prefix + "MaxVolumeSizeMib", domain.MaxVolumeSizeMib?.ToString(CultureInfo.InvariantCulture));
            Set(settings, prefix + "UnknownCapacity", domain.UnknownCapacity);
        }

        foreach (var (category, level) in LogLevels)
        {
            settings["Logging:LogLevel:" + category] = level;
        }

        foreach (var (key, value) in AdditionalSettings)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The configuration as command-line arguments (<c>--Key=Value</c>).</summary>
    public IReadOnlyList<string> ToArguments() => [.. ToConfiguration().Select(p => $"--{p.Key}={p.Value}")];

    /// <summary>The configuration as environment variables (<c>Key__Sub=Value</c>).</summary>
    public Dictionary<string, string?> ToEnvironment() =>
        ToConfiguration().ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value, StringComparer.Ordinal);

    private static void Set(Dictionary<string, string?> settings, string key, string? value)
    {
        if (value is not null)
        {
            settings[key] = value;
        }
    }

    private static void Set(Dictionary<string, string?> settings, string key, TimeSpan? value)
    {
        if (value is { } span)
        {
            settings[key] = span.ToString("c", CultureInfo.InvariantCulture);
        }
    }
}
