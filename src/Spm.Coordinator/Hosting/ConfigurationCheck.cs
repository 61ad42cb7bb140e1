using System.Globalization;
using LvExtend.Lvm;
using Npgsql;
using Shared.Mailbox;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Hosting;

/// <summary>
/// <c>--check-config</c> past the options validation: what the coordinator needs from its host, checked once
/// without starting anything (no port bound, no lease taken, nothing written). One attempt to open the
/// database with a short timeout, the mailbox devices opened as the manager role opens them (the probe of
/// the mailbox health check), and <c>lvm version</c> through the shared runner. Each problem is one line
/// starting with the key as written.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>The command-line flag.</summary>
    public const string Flag = "--check-config";

    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LvmTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="args"/> asks for the check; the flag is removed from the returned arguments.</summary>
    public static bool Requested(string[] args, out string[] remaining)
    {
        ArgumentNullException.ThrowIfNull(args);
        remaining = [.. args.Where(a => !string.Equals(a, Flag, StringComparison.Ordinal))];
        return remaining.Length != args.Length;
    }

    /// <summary>Checks the database, the mailbox devices and the lvm binary; returns one line per problem.</summary>
    public static async Task<IReadOnlyList<string>> CheckHostAsync(IConfigurationRoot configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new CoordinatorOptions();
        configuration.GetSection(CoordinatorOptions.SectionName).Bind(options);
        var problems = new List<string>();

        if (await CheckDatabaseAsync(configuration.GetConnectionString("Postgres"), cancellationToken) is { } database)
        {
            problems.Add($"{ConfigurationPreflight.KeyAsWritten(configuration, "ConnectionStrings:Postgres")}: {database}");
        }

        var mailbox = options.Mailbox;
        var why = string.Create(CultureInfo.InvariantCulture, $"{mailbox.MaxHosts} hosts");
        var lastBlock = Math.Max(mailbox.MaxHosts, 0);
        foreach (var (key, result) in new[]
        {
            ("Coordinator:Mailbox:InboxPath", MailboxProbe.Check("inbox", mailbox.InboxPath, mailbox.IoMode, writable: false, lastBlock, why)),
            ("Coordinator:Mailbox:OutboxPath", MailboxProbe.Check("outbox", mailbox.OutboxPath, mailbox.IoMode, writable: true, lastBlock, why)),
        })
        {
            if (!result.Usable)
            {
                problems.Add($"{ConfigurationPreflight.KeyAsWritten(configuration, key)}: {result.Description}");
            }
        }

        var runner = new CommandRunner(TimeProvider.System);
        var lvm = await runner.RunAsync(options.Lvm.CommandPath, ["version"], LvmTimeout, cancellationToken);
        if (!lvm.Succeeded)
        {
            problems.Add($"{ConfigurationPreflight.KeyAsWritten(configuration, "Coordinator:Lvm:CommandPath")}: `{options.Lvm.CommandPath} version` failed: {lvm.Describe()}");
        }

        return problems;
    }

    private static async Task<string?> CheckDatabaseAsync(string? connectionString, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "no PostgreSQL connection string is configured";
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            return $"not a valid Npgsql connection string: {ex.Message}";
        }

        builder.Pooling = false;
        builder.Timeout = Math.Min(builder.Timeout is > 0 ? builder.Timeout : int.MaxValue, (int)DatabaseTimeout.TotalSeconds);
        builder.Multiplexing = false;
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex)
        {
            return $"the database refused: {ex.SqlState} {ex.MessageText}";
        }
        catch (NpgsqlException ex)
        {
            var cause = ex.InnerException is { } inner && !string.Equals(inner.Message, ex.Message, StringComparison.Ordinal) ? $" ({inner.Message.TrimEnd('.')})" : string.Empty;
            return $"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}: {ex.Message.TrimEnd('.')}{cause}";
        }
        catch (TimeoutException ex)
        {
            return $"cannot connect to PostgreSQL at {builder.Host}:{builder.Port}: {ex.Message.TrimEnd('.')}";
        }
    }
}
