using System.ComponentModel;
using System.Reflection;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Npgsql;
using Spm.Coordinator.Grpc;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Hosting;

/// <summary>
/// Checks the raw configuration before anything binds it: every value under <c>Coordinator</c> must convert
/// to its option's type (durations, numbers, UUIDs, enums) and the connection string must parse. Each problem
/// is one line naming the key as the operator wrote it (<c>--Coordinator:Lease:Ttl</c>,
/// <c>Coordinator__Lease__Ttl</c>, or the key and the JSON file), so that a typo never becomes a stack trace.
/// </summary>
internal static class ConfigurationPreflight
{
    /// <summary>One line per problem; empty when the configuration can be bound.</summary>
    public static IReadOnlyList<string> Check(IConfigurationRoot configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<string>();
        CheckSection(configuration, configuration.GetSection(CoordinatorOptions.SectionName), typeof(CoordinatorOptions), failures);
        CheckSection(configuration, configuration.GetSection(AdminApiOptions.SectionName), typeof(AdminApiOptions), failures);
        var connectionString = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
            {
                failures.Add($"{KeyAsWritten(configuration, "ConnectionStrings:Postgres")} is not a valid Npgsql connection string: {ex.Message}");
            }
        }

        return failures;
    }

    /// <summary>
    /// <paramref name="path"/> as the operator wrote it: the command-line option, the environment variable, or the
    /// key and its JSON file, whichever source supplies the value in effect.
    /// </summary>
    public static string KeyAsWritten(IConfigurationRoot configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var provider in configuration.Providers.Reverse())
        {
            if (!provider.TryGet(path, out _))
            {
                continue;
            }

            return provider switch
            {
                CommandLineConfigurationProvider => "--" + path,
                EnvironmentVariablesConfigurationProvider => "environment " + path.Replace(":", "__", StringComparison.Ordinal),
                FileConfigurationProvider file => $"{path} (in {file.Source.Path})",
                _ => path,
            };
        }

        return path;
    }

    /// <summary>
    /// Rewrites a validation failure that starts with a configuration path (<c>Coordinator:Lease:Ttl must ...</c>)
    /// to name the key as written.
    /// </summary>
    public static string NameKeyAsWritten(IConfigurationRoot configuration, string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var space = failure.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return failure;
        }

        var path = failure[..space];
        var written = KeyAsWritten(configuration, path);
        return ReferenceEquals(written, path) || written == path ? failure : written + failure[space..];
    }

    private static void CheckSection(IConfigurationRoot root, IConfigurationSection section, Type type, List<string> failures)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            if (!child.Exists())
            {
                continue;
            }

            CheckValue(root, child, property.PropertyType, property.Name, failures);
        }
    }

    private static void CheckValue(IConfigurationRoot root, IConfigurationSection section, Type type, string name, List<string> failures)
    {
        var scalar = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(scalar))
        {
            if (section.Value is null)
            {
                failures.Add($"{KeyAsWritten(root, section.Path)} must be a single value, not a section.");
                return;
            }

            if (section.Value.Length == 0 && (scalar == typeof(string) || type != scalar))
            {
                return;
            }

            try
            {
                _ = TypeDescriptor.GetConverter(scalar).ConvertFromInvariantString(section.Value);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException
                || ex.InnerException is FormatException or OverflowException)
            {
                failures.Add($"{KeyAsWritten(root, section.Path)} '{section.Value}' {Expected(scalar, name)}.");
            }

            return;
        }

        var element = type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(IReadOnlyList<>))
            ? type.GetGenericArguments()[0]
            : null;
        if (element is not null)
        {
            foreach (var item in section.GetChildren())
            {
                CheckValue(root, item, element, name, failures);
            }

            return;
        }

        if (type.IsClass)
        {
            CheckSection(root, section, type, failures);
        }
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Guid) || type == typeof(Uri) || type == typeof(DateTimeOffset);

    private static string Expected(Type type, string name)
    {
        if (type == typeof(TimeSpan))
        {
            return "is not a duration: write [d.]hh:mm:ss[.fff], e.g. 00:00:06 for 6 s or 00:00:00.250 for 250 ms";
        }

        if (type == typeof(Guid))
        {
            return name == nameof(DomainOptions.DomainId)
                ? "is not a UUID: a storage domain is named by the UUID the hosts put in their requests (e.g. 8adbc85e-e554-4ae0-b318-8a5465fe5fe1)"
                : "is not a UUID";
        }

        if (type.IsEnum)
        {
            return "must be one of " + string.Join(", ", Enum.GetNames(type));
        }

        if (type == typeof(bool))
        {
            return "must be true or false";
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(uint) || type == typeof(ulong))
        {
            return "is not a whole number";
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return "is not a number (use a dot for decimals, e.g. 1.1)";
        }

        return type == typeof(Uri) ? "is not a URI" : $"cannot be read as {type.Name}";
    }
}
