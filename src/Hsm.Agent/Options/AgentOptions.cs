namespace Hsm.Agent.Options;

/// <summary>The agent's identity, mailbox, VM discovery and drive mapping (section <c>Agent</c>).</summary>
internal sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>This host's id in the pool, 1..2000 (the mailbox block index). Required.</summary>
    public int HostId { get; set; }

    /// <summary>The storage pool id. Required.</summary>
    public Guid PoolId { get; set; }

    /// <summary>The mailbox file the coordinator reads (requests are written here). Required.</summary>
    public string InboxPath { get; set; } = string.Empty;

    /// <summary>The mailbox file the coordinator writes (replies are read here). Required.</summary>
    public string OutboxPath { get; set; } = string.Empty;

    /// <summary>How often the reply block is polled while requests are in flight. Default 25 ms.</summary>
    public TimeSpan MailboxPollInterval { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Mailbox I/O: <c>Direct</c> (O_DIRECT, production) or <c>BufferedWithFsync</c> (filesystems without O_DIRECT). Default Direct.</summary>
    public Shared.Mailbox.MailboxIoMode MailboxIoMode { get; set; } = Shared.Mailbox.MailboxIoMode.Direct;

    /// <summary>
    /// Whether this host's doorbell names it (a ring hint in the events block's zero padding, never read by vdsm), so
    /// that our coordinator reads this host's request block first. False writes vdsm's events block byte for byte. Default true.
    /// </summary>
    public bool MailboxRingHint { get; set; } = true;

    /// <summary>Where VMs are found: <c>QmpDirectory</c> (default; raw QMP sockets in <see cref="VmDirectory"/>) or <c>Libvirt</c> (section <c>Agent:Libvirt</c>).</summary>
    public VmSourceKind VmSource { get; set; } = VmSourceKind.QmpDirectory;

    /// <summary>A directory of QMP unix sockets named <c>&lt;vm&gt;.qmp</c>. Default <c>/run/lvx/vms</c>.</summary>
    public string VmDirectory { get; set; } = "/run/lvx/vms";

    /// <summary>
    /// How often the VM directory is rescanned although nothing was notified (it is watched with inotify: a socket
    /// created or removed is seen at once; the rescan catches a missed notification). Default 10 s.
    /// </summary>
    public TimeSpan VmRescanInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a QMP command may take before it fails. Default 5 s.</summary>
    public TimeSpan QmpCommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Delay between connection attempts to a VM whose socket exists but does not answer. Default 1 s.</summary>
    public TimeSpan QmpReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Drives map to volumes by path: <c>&lt;DeviceRoot&gt;/&lt;vg&gt;/&lt;lv&gt;</c>. Default <c>/dev</c>.</summary>
    public string DeviceRoot { get; set; } = "/dev";

    /// <summary>VG name to storage domain id. A VG not listed here must be named by its domain id (as vdsm does).</summary>
    public Dictionary<string, Guid> Domains { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Resume a VM found in <c>prelaunch</c> (started with <c>-S</c>) once its thresholds are armed. Default false.</summary>
    public bool ResumePrelaunchedVms { get; set; }

    /// <summary>Where gRPC (HTTP/2) and /metrics listen. Default <c>http://127.0.0.1:7412</c>.</summary>
    public string ListenUrl { get; set; } = "http://127.0.0.1:7412";

    /// <summary>Where /metrics listens over HTTP/1.1 for Prometheus scrapers; empty: only on <see cref="ListenUrl"/> (h2c). Default <c>http://127.0.0.1:7413</c>.</summary>
    public string? MetricsListenUrl { get; set; } = "http://127.0.0.1:7413";

    /// <summary>An OTLP endpoint for traces and metrics; empty disables the exporter.</summary>
    public string? OtlpEndpoint { get; set; }
}
