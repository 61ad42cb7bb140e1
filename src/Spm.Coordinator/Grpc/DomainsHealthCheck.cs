using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Healthy when the lvm binary can be run and every configured PV of every domain exists and opens for
/// reading; otherwise one problem per device (or the binary), naming it. Cheap: no lvm command runs.
/// </summary>
internal sealed class DomainsHealthCheck(IOptions<CoordinatorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var value = options.Value;
        var problems = new List<string>();
        if (ResolveExecutable(value.Lvm.CommandPath) is null)
        {
            problems.Add($"lvm: '{value.Lvm.CommandPath}' is not an executable file (Coordinator:Lvm:CommandPath)");
        }

        foreach (var domain in value.Domains)
        {
            foreach (var device in domain.PhysicalVolumes)
            {
                if (Probe(device) is { } problem)
                {
                    problems.Add($"domain {domain.DomainId} PV {device}: {problem}");
                }
            }
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("lvm and every domain's PVs are usable")
            : HealthCheckResult.Unhealthy(string.Join("; ", problems)));
    }

    /// <summary>The full path of <paramref name="command"/> (absolute, or found on PATH) when it is an executable file.</summary>
    internal static string? ResolveExecutable(string? command)
    {
        if (string.IsNullOrWhiteSpace(command))
        {
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(command) ? command : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(IsExecutable);
    }

    private static bool IsExecutable(string file)
    {
        try
        {
            return File.Exists(file) && !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Probe(string device)
    {
        if (!File.Exists(device))
        {
            return "does not exist";
        }

        try
        {
            using var stream = new FileStream(device, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "cannot be opened: " + ex.Message;
        }
    }
}
