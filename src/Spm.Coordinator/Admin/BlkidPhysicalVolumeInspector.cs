using System.Text.Json;
using LvExtend.Lvm;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Admin;

/// <summary>
/// <see cref="IPhysicalVolumeInspector"/> on the real system, read-only: the path's shape, <c>stat</c> (a block
/// device, links followed), <c>lvm pvs</c> restricted to that one device (a PV of any VG is refused, force or
/// not), then util-linux <c>wipefs --no-act --json</c> (any filesystem, partition table, RAID or LVM2
/// signature libblkid knows is refused unless forced). Every probe runs through the shared
/// <see cref="ICommandRunner"/> (C locale, a timeout after which its process tree is killed), and the lvm
/// command line and its report come from the shared LVM library (<see cref="LvmCommandLine"/>, <see cref="LvmTool"/>).
/// </summary>
internal sealed partial class BlkidPhysicalVolumeInspector : IPhysicalVolumeInspector
{
    /// <summary>The longest accepted device path (lvm's own limit on a device name).</summary>
    public const int MaxPathLength = 255;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly ICommandRunner _runner;
    private readonly LvmTool _lvm;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;

    public BlkidPhysicalVolumeInspector(
        ICommandRunner runner, IOptions<CoordinatorOptions> options, ILogger<BlkidPhysicalVolumeInspector> logger)
        : this(runner, options?.Value.Lvm.CommandPath ?? LvmDefaults.Binary, DefaultTimeout, logger)
    {
    }

    internal BlkidPhysicalVolumeInspector(ICommandRunner runner, string lvmPath, TimeSpan timeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _lvm = new LvmTool(runner, new LvmToolOptions { Binary = lvmPath, ReportTimeout = timeout });
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
        if (!stat.Succeeded)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"stat {devicePath} failed: {stat.Describe()}");
        }

        var kind = stat.StandardOutput.Trim();
        if (!string.Equals(kind, "block special file", StringComparison.Ordinal))
        {
            return Verdict(DeviceVerdict.NotABlockDevice, $"{devicePath} is a {kind}, not a block device");
        }

        // pvs restricted to this one device, without a target: a device that is no PV is an empty report.
        var pvs = await _lvm.RunAsync(LvmCommandLine.Report(LvmReportKind.PhysicalVolumes, [devicePath]), _timeout, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (!pvs.Succeeded)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"lvm pvs on {devicePath} failed: {pvs.Describe()}");
        }

        IReadOnlyList<LvmPvRecord> records;
        try
        {
            records = LvmReportReader.ReadPhysicalVolumes(pvs.StandardOutput);
        }
        catch (LvmReportException ex)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"cannot read the pvs report of {devicePath}: {ex.Message}");
        }

        var signatures = new List<string>();
        foreach (var (pvName, pvVg) in records.Select(r => (r.Name, r.VgName)))
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
        if (!wipefs.Succeeded)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"wipefs on {devicePath} failed: {wipefs.Describe()}");
        }

        IReadOnlyList<string> found;
        try
        {
            found = ReadSignatures(wipefs.StandardOutput);
        }
        catch (JsonException ex)
        {
            return Verdict(DeviceVerdict.InspectionFailed, $"cannot read the wipefs report of {devicePath}: {ex.Message}");
        }

        foreach (var type in found)
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

        var list = string.Join(", ", signatures);
        return force
            ? Verdict(DeviceVerdict.UsableForced, $"{devicePath} carries {list}; forced by the operator: it will be overwritten", signatures)
            : Verdict(DeviceVerdict.HasSignature, $"{devicePath} carries {list}; refused (use --force to overwrite it)", signatures);
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

    /// <summary>Runs a probe through the shared runner; a cancelled call throws, a timeout is a failed result.</summary>
    private async Task<CommandResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(file, arguments, _timeout, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1481, EventName = "DeviceInspected", Level = LogLevel.Information,
            Message = "Device inspection for add-pv: {Verdict}: {Detail}")]
        public static partial void Inspected(ILogger logger, DeviceVerdict verdict, string detail);
    }
}
