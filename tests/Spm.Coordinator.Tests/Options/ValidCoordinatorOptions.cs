using Spm.Coordinator.Options;

namespace Spm.Coordinator.Tests.Options;

/// <summary>The smallest coordinator configuration that validates, and the validator's failures for one.</summary>
internal static class ValidCoordinatorOptions
{
    public const string ConnectionString = "Host=127.0.0.1;Username=postgres";

    /// <summary>Mailbox paths and one domain with one PV: everything else at its default.</summary>
    public static CoordinatorOptions Create()
    {
        var options = new CoordinatorOptions();
        options.Mailbox.InboxPath = "/dev/mapper/inbox";
        options.Mailbox.OutboxPath = "/dev/mapper/outbox";
        var domain = new DomainOptions { DomainId = Guid.NewGuid() };
        domain.PhysicalVolumes.Add("/dev/sdb");
        options.Domains.Add(domain);
        return options;
    }

    /// <summary>What <see cref="CoordinatorOptionsValidator"/> says of <paramref name="options"/> (empty: valid).</summary>
    public static List<string> Failures(CoordinatorOptions options, string? connectionString = ConnectionString) =>
        new CoordinatorOptionsValidator(connectionString).Validate(null, options).Failures?.ToList() ?? [];
}
