using Microsoft.Extensions.Options;
using Spm.Coordinator.Hosting;
using LvExtend.Lvm;

namespace Spm.Coordinator.Options;

/// <summary>Checks <see cref="CoordinatorOptions"/> at start; every failure names the setting to fix.</summary>
internal sealed class CoordinatorOptionsValidator(string? connectionString) : IValidateOptions<CoordinatorOptions>
{
    private const string S = CoordinatorOptions.SectionName;

    /// <summary>Most lvextends of one VG at once (each is an lvm process waiting on the same VG lock).</summary>
    public const int MaxConcurrentExtends = 8;

    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add("ConnectionStrings:Postgres must be set (an Npgsql connection string, e.g. Host=...;Username=...;Database=...).");
        }

        if (string.IsNullOrWhiteSpace(options.PoolId))
        {
            failures.Add($"{S}:PoolId must not be empty.");
        }

        if (!ListenAddress.TryParse(options.Listen, out _, out var listenError))
        {
            failures.Add($"{S}:Listen '{options.Listen}' is not usable: {listenError}");
        }

        if (options.AdvertiseAddress is { } advertise && !string.IsNullOrWhiteSpace(advertise)
            && !AdvertisedAddress.TryNormalize(advertise, out _, out var advertiseError))
        {
            failures.Add($"{S}:AdvertiseAddress '{advertise}' is not usable: {advertiseError}.");
        }

        ValidateMailbox(options.Mailbox, failures);
        ValidateLease(options.Lease, failures);
        ValidateDomains(options.Domains, failures);
        ValidateLvm(options.Lvm, failures);
        ValidateExtension(options.Extension, failures);
        ValidateHostLimits(options.HostLimits, failures);
        if (!string.IsNullOrEmpty(options.Telemetry.MetricsListen)
            && !ListenAddress.TryParse(options.Telemetry.MetricsListen, out _, out var metricsError))
        {
            failures.Add($"{S}:Telemetry:MetricsListen '{options.Telemetry.MetricsListen}' is not usable: {metricsError}");
        }

        if (options.Telemetry.OtlpEndpoint is { IsAbsoluteUri: false })
        {
            failures.Add($"{S}:Telemetry:OtlpEndpoint must be an absolute URI.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateMailbox(CoordinatorMailboxOptions mailbox, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(mailbox.InboxPath))
        {
            failures.Add($"{S}:Mailbox:InboxPath must be set (the inbox file or device).");
        }

        if (string.IsNullOrWhiteSpace(mailbox.OutboxPath))
        {
            failures.Add($"{S}:Mailbox:OutboxPath must be set (the outbox file or device).");
        }

        if (mailbox.MaxHosts is < 1 or > 2000)
        {
            failures.Add($"{S}:Mailbox:MaxHosts must be within 1..2000 (got {mailbox.MaxHosts}).");
        }

        if (mailbox.EventInterval <= TimeSpan.Zero || mailbox.EventInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{S}:Mailbox:EventInterval must be within (0, 10 s] (got {mailbox.EventInterval}).");
        }

        if (mailbox.IdleEventInterval <= TimeSpan.Zero || mailbox.IdleEventInterval > TimeSpan.FromSeconds(10))
        {
            failures.Add($"{S}:Mailbox:IdleEventInterval must be within (0, 10 s] (got {mailbox.IdleEventInterval}).");
        }

        if (mailbox.ActiveWindow < TimeSpan.Zero || mailbox.ActiveWindow > TimeSpan.FromHours(1))
        {
            failures.Add($"{S}:Mailbox:ActiveWindow must be within [0, 1 h] (got {mailbox.ActiveWindow}).");
        }

        if (mailbox.FullScanInterval < mailbox.EventInterval || mailbox.FullScanInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{S}:Mailbox:FullScanInterval must be within [EventInterval, 1 min] (got {mailbox.FullScanInterval}).");
        }

        if (mailbox.IdleFullScanInterval <= TimeSpan.Zero || mailbox.IdleFullScanInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{S}:Mailbox:IdleFullScanInterval must be within (0, 1 min] (got {mailbox.IdleFullScanInterval}).");
        }

        if (!Enum.IsDefined(mailbox.IoMode))
        {
            failures.Add($"{S}:Mailbox:IoMode must be Direct or BufferedWithFsync.");
        }
    }

    private static void ValidateLease(LeaseOptions lease, List<string> failures)
    {
        if (lease.Ttl < TimeSpan.FromSeconds(1) || lease.Ttl > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{S}:Lease:Ttl must be within [1 s, 10 min] (got {lease.Ttl}).");
        }

        if (lease.SafetyMargin <= TimeSpan.Zero || lease.SafetyMargin >= lease.Ttl / 2)
        {
            failures.Add($"{S}:Lease:SafetyMargin must be positive and less than half of Lease:Ttl (got {lease.SafetyMargin}).");
        }

        if (lease.RenewInterval <= TimeSpan.Zero || lease.RenewInterval > (lease.Ttl - lease.SafetyMargin) / 2)
        {
            failures.Add(
                $"{S}:Lease:RenewInterval must be positive and at most (Lease:Ttl - Lease:SafetyMargin) / 2 " +
                $"so that one lost renewal does not cost the lease (got {lease.RenewInterval}).");
        }

        if (lease.AcquireInterval <= TimeSpan.Zero || lease.AcquireInterval > lease.Ttl)
        {
            failures.Add($"{S}:Lease:AcquireInterval must be positive and at most Lease:Ttl (got {lease.AcquireInterval}).");
        }
    }

    private static void ValidateDomains(IList<DomainOptions> domains, List<string> failures)
    {
        if (domains.Count == 0)
        {
            failures.Add($"{S}:Domains must list at least one storage domain (DomainId, PhysicalVolumes).");
        }

        var ids = new HashSet<Guid>();
        var vgs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < domains.Count; i++)
        {
            var domain = domains[i];
            var key = $"{S}:Domains:{i}";
            if (domain.DomainId == Guid.Empty)
            {
                failures.Add($"{key}:DomainId must be a non-empty UUID.");
            }
            else if (!ids.Add(domain.DomainId))
            {
                failures.Add($"{key}:DomainId {domain.DomainId} is listed twice.");
            }

            if (!LvmNames.IsValidVgName(domain.EffectiveVgName))
            {
                failures.Add($"{key}:VgName '{domain.EffectiveVgName}' is not a valid VG name.");
            }
            else if (!vgs.Add(domain.EffectiveVgName))
            {
                failures.Add($"{key}:VgName '{domain.EffectiveVgName}' is used by two domains.");
            }

            if (domain.PhysicalVolumes.Count == 0)
            {
                failures.Add($"{key}:PhysicalVolumes must list the VG's devices (every LVM command is restricted to them).");
            }

            foreach (var device in domain.PhysicalVolumes)
            {
                if (string.IsNullOrWhiteSpace(device) || !device.StartsWith('/') || device.Contains(','))
                {
                    failures.Add($"{key}:PhysicalVolumes entry '{device}' must be an absolute device path without commas.");
                }
            }

            if (domain.MaxVolumeSizeMib <= 0)
            {
                failures.Add($"{key}:MaxVolumeSizeMib must be positive (got {domain.MaxVolumeSizeMib}).");
            }

            if (domain.EffectiveUnknownCapacity is null)
            {
                failures.Add($"{key}:UnknownCapacity must be Refuse or DomainMaximum (got {domain.UnknownCapacity}).");
            }
        }
    }

    private static void ValidateLvm(LvmOptions lvm, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(lvm.CommandPath))
        {
            failures.Add($"{S}:Lvm:CommandPath must name the lvm binary.");
        }

        if (lvm.CommandTimeout < TimeSpan.FromMilliseconds(100) || lvm.CommandTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{S}:Lvm:CommandTimeout must be within [100 ms, 10 min] (got {lvm.CommandTimeout}).");
        }

        if (lvm.ConcurrentExtends is < 1 or > MaxConcurrentExtends)
        {
            failures.Add($"{S}:Lvm:ConcurrentExtends must be within [1, {MaxConcurrentExtends}] (got {lvm.ConcurrentExtends}).");
        }
    }

    private static void ValidateExtension(ExtensionOptions extension, List<string> failures)
    {
        if (!double.IsFinite(extension.CapFactor) || extension.CapFactor < 1.0 || extension.CapFactor > 10.0)
        {
            failures.Add($"{S}:Extension:CapFactor must be within [1, 10] (got {extension.CapFactor}).");
        }

        if (extension.SpacePollInterval < TimeSpan.FromMilliseconds(50) || extension.SpacePollInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{S}:Extension:SpacePollInterval must be within [50 ms, 1 min] (got {extension.SpacePollInterval}).");
        }

        if (extension.QueueCapacity is < 1 or > 1_000_000)
        {
            failures.Add($"{S}:Extension:QueueCapacity must be within 1..1000000 (got {extension.QueueCapacity}).");
        }
    }

    private static void ValidateHostLimits(HostLimitOptions limits, List<string> failures)
    {
        foreach (var failure in HostLimitRules.Check(limits.RequestsPerSecond, limits.RequestBurst, limits.GrowthBudgetMib, limits.GrowthWindow))
        {
            failures.Add($"{S}:HostLimits:{failure}");
        }
    }
}
