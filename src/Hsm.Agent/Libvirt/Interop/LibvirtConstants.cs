namespace Hsm.Agent.Libvirt.Interop;

/// <summary>The libvirt enum values the agent passes or reads (libvirt-domain.h, libvirt 9.0; ABI-stable).</summary>
internal static class LibvirtConstants
{
    /// <summary>VIR_CONNECT_LIST_DOMAINS_ACTIVE (also VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE).</summary>
    public const uint ListDomainsActive = 1u << 0;

    /// <summary>VIR_DOMAIN_STATS_BLOCK.</summary>
    public const uint StatsBlock = 1u << 5;

    /// <summary>VIR_DOMAIN_EVENT_ID_LIFECYCLE (virConnectDomainEventCallback).</summary>
    public const int EventIdLifecycle = 0;

    /// <summary>VIR_DOMAIN_EVENT_ID_IO_ERROR_REASON (virConnectDomainEventIOErrorReasonCallback).</summary>
    public const int EventIdIoErrorReason = 6;

    /// <summary>VIR_DOMAIN_EVENT_ID_BLOCK_THRESHOLD (virConnectDomainEventBlockThresholdCallback).</summary>
    public const int EventIdBlockThreshold = 24;

    /// <summary>VIR_DOMAIN_EVENT_STARTED.</summary>
    public const int LifecycleStarted = 2;

    /// <summary>VIR_DOMAIN_EVENT_SUSPENDED.</summary>
    public const int LifecycleSuspended = 3;

    /// <summary>VIR_DOMAIN_EVENT_RESUMED.</summary>
    public const int LifecycleResumed = 4;

    /// <summary>VIR_DOMAIN_EVENT_STOPPED.</summary>
    public const int LifecycleStopped = 5;

    /// <summary>VIR_DOMAIN_EVENT_IO_ERROR_PAUSE (virDomainEventIOErrorAction).</summary>
    public const int IoErrorActionPause = 1;

    /// <summary>VIR_DOMAIN_RUNNING.</summary>
    public const int StateRunning = 1;

    /// <summary>VIR_DOMAIN_PAUSED.</summary>
    public const int StatePaused = 3;

    /// <summary>VIR_DOMAIN_PAUSED_IOERROR (reason of VIR_DOMAIN_PAUSED).</summary>
    public const int PausedReasonIoError = 5;

    /// <summary>VIR_ERR_NO_DOMAIN (virErrorNumber).</summary>
    public const int ErrorNoDomain = 42;

    /// <summary>VIR_ERR_OPERATION_INVALID (virErrorNumber): for example resuming a running domain.</summary>
    public const int ErrorOperationInvalid = 55;
}
