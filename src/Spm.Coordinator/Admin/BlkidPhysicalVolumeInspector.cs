using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Admin;

/// <summary>
/// <see cref="IPhysicalVolumeInspector"/> on the real system, read-only: the path's shape, <c>stat</c> (a block
/// device, links followed), <c>lvm pvs</c> restricted to that one device (a PV of any VG is refused, force or
/// not), then util-linux <c>wipefs --no-act --json</c> (any filesystem, partition table, RAID or LVM2
/// signature libblkid knows is refused unless forced). Every probe runs with a timeout and its process tree
/// is killed when it passes. The processes run through a small private runner until the shared LVM library
/// (src/LvExtend.Lvm) has one.
/// </summary>
internal sealed partial class BlkidPhysicalVolumeInspector : IPhysicalVolumeInspector
{
    /// <summary>The longest accepted device path (lvm's own limit on a device name).</summary>
    public const int MaxPathLength = 255;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly string _lvmPath;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public BlkidPhysicalVolumeInspector(IOptions<CoordinatorOptions> options, ILogger<BlkidPhysicalVolumeInspector> logger)
        : this(options?.Value.Lvm.CommandPath ?? "lvm", DefaultTimeout, logger)
    {
    }

    internal BlkidPhysicalVolumeInspector(string lvmPath, TimeSpan timeout, ILogger logger)
    {
        _lvmPath = lvmPath;
        _timeout = timeout;
        _logger = logger;
    }

    /// <summary>Null when <paramref name="path"/> may be passed to lvm, else why not (one line).</summary>
    public static string? CheckPath(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the device path is empty";
        }

        if (path.Length > MaxPathLength)
        {
            return $"the device path is {path.Length} characters long (at most {MaxPathLength})";
        }

        if (path.Any(c => char.IsControl(c) || c == '\u2028' || c == '\u2029'))
        {
            return "the device path contains a control character (newline, tab, ...)";
        }

        if (path.Contains(',', StringComparison.Ordinal))
        {
            return "the device path contains a comma (lvm's --devices list could not carry it)";
        }

        if (!path.StartsWith('/') || path.Any(char.IsWhiteSpace))
        {
            return "the device path must be absolute (/dev/...) without white space";
        }

        return null;
    }

    public async Task<DeviceInspection> InspectAsync(string devicePath, string vgName, bool force, CancellationToken cancellationToken)
    {
        if (CheckPath(devicePath) is { } pathProblem)
        {
            return Verdict(DeviceVerdict.InvalidPath, pathProblem);
        }

        if (!File.Exists(devicePath) && !Directory.Exists(devicePath))
        {
            return Verdict(DeviceVerdict.NotFound, $"{devicePath} does not exist");
        }

        var stat = await RunAsync("stat", ["-L", "--format=%F", "--", devicePath], cancellationToken);
        if (stat.ExitCode != 0)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"stat {devicePath} failed: {stat.FirstErrorLine}");
        }

        var kind = stat.Stdout.Trim();
        if (!string.Equals(kind, "block special file", StringComparison.Ordinal))
        {
            return Verdict(DeviceVerdict.NotABlockDevice, $"{devicePath} is a {kind}, not a block device");
        }

        var pvs = await RunAsync(_lvmPath,
            ["pvs", "--devices", devicePath, "--driverloaded", "n", "--reportformat", "json", "-o", "pv_name,vg_name"],
            cancellationToken);
        if (pvs.ExitCode != 0)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"lvm pvs on {devicePath} failed: {pvs.FirstErrorLine}");
        }

        var signatures = new List<string>();
        foreach (var (pvName, pvVg) in ReadPvs(pvs.Stdout))
        {
            if (!string.IsNullOrEmpty(pvVg))
            {
                return Verdict(DeviceVerdict.InUseByVolumeGroup, string.Equals(pvVg, vgName, StringComparison.Ordinal)
                    ? $"{devicePath} is already a PV of this VG ({vgName})"
                    : $"{devicePath} ({pvName}) is a PV of another VG ({pvVg}); it is never taken, even with force");
            }

            signatures.Add("LVM2 PV without a VG");
        }

        var wipefs = await RunAsync("wipefs", ["--no-act", "--json", "--", devicePath], cancellationToken);
        if (wipefs.ExitCode != 0)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"wipefs on {devicePath} failed: {wipefs.FirstErrorLine}");
        }

        foreach (var type in ReadSignatures(wipefs.Stdout))
        {
            if (!signatures.Contains(type, StringComparer.Ordinal) && !(type == "LVM2_member" && signatures.Count > 0))
            {
                signatures.Add(type);
            }
        }

        if (signatures.Count == 0)
        {
            return Verdict(DeviceVerdict.Usable, $"{devicePath} is a block device without any signature", signatures);
        }

        var found = string.Join(", ", signatures);
        return force
            ? Verdict(DeviceVerdict.UsableForced, $"{devicePath} carries {found}; forced by the operator: it will be overwritten", signatures)
            : Verdict(DeviceVerdict.HasSignature, $"{devicePath} carries {found}; refused (use --force to overwrite it)", signatures);
    }

    internal static IEnumerable<(string Name, string Vg)> ReadPvs(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            yield break;
        }

        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("report", out var reports))
        {
            yield break;
        }

        foreach (var report in reports.EnumerateArray())
        {
            if (!report.TryGetProperty("pv", out var pvs))
            {
                continue;
            }

            foreach (var pv in pvs.EnumerateArray())
            {
                yield return (pv.GetProperty("pv_name").GetString() ?? "", pv.TryGetProperty("vg_name", out var vg) ? vg.GetString() ?? "" : "");
            }
        }
    }

    internal static IReadOnlyList<string> ReadSignatures(string json)
    {
        // wipefs prints nothing at all for a device without signatures.
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("signatures", out var list))
        {
            return [];
        }

        return [.. list.EnumerateArray()
            .Select(s => s.TryGetProperty("type", out var type) ? type.GetString() ?? "unknown" : "unknown")
            .Distinct(StringComparer.Ordinal)];
    }

    private DeviceInspection Verdict(DeviceVerdict verdict, string detail, IReadOnlyList<string>? signatures = null)
    {
        Log.Inspected(_logger, verdict, detail);
        return new DeviceInspection(verdict, detail, signatures ?? []);
    }

    /// <summary>Runs a probe (stdin closed, C locale); kills its process tree after the timeout or on cancellation.</summary>
    private async Task<ProbeResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LVM_SUPPRESS_FD_WARNINGS"] = "1";
        start.Environment["LC_ALL"] = "C";
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return new ProbeResult(-1, "", $"cannot start {file}: {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited meanwhile.
            }

            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return new ProbeResult(-1, "", $"{file} did not finish within {_timeout.TotalSeconds:0} s");
        }

        return new ProbeResult(process.ExitCode, await stdout, await stderr);
    }

    private readonly record struct ProbeResult(int ExitCode, string Stdout, string Stderr)
    {
        public string FirstErrorLine =>
            Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? $"exit code {ExitCode}";
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1481, EventName = "DeviceInspected", Level = LogLevel.Information,
            Message = "Device inspection for add-pv: {Verdict}: {Detail}")]
        public static partial void Inspected(ILogger logger, DeviceVerdict verdict, string detail);
    }
}
