using System.Globalization;
using LvExtend.Lvm;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Lvm;

/// <summary>
/// <see cref="ILvm"/> over the shared LVM library (<see cref="LvmTool"/>, <see cref="LvmCommandLine"/>): every
/// command restricted to the domain's PVs with <c>--driverloaded n</c>. Records each command's duration and logs it.
/// </summary>
internal sealed partial class LvmClient : ILvm
{
    private readonly LvmTool _tool;
    private readonly CoordinatorInstruments _instruments;
    private readonly ILogger<LvmClient> _logger;

    public LvmClient(ICommandRunner runner, IOptions<CoordinatorOptions> options, CoordinatorInstruments instruments, ILogger<LvmClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tool = new LvmTool(runner, new LvmToolOptions { Binary = options.Value.Lvm.CommandPath, ReportTimeout = options.Value.Lvm.CommandTimeout });
        _instruments = instruments;
        _logger = logger;
    }

    public async Task<LvmResult<VgInfo>> GetVgAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var result = await _tool.GetVgAsync(vg, devices, cancellationToken);
        Observe("vgs", result.Command);
        if (!result.Succeeded)
        {
            return LvmResult<VgInfo>.Fail(result.Error!);
        }

        var row = result.Value!;
        return LvmResult<VgInfo>.Ok(new VgInfo(
            row.Name, row.SizeBytes, row.FreeBytes, row.ExtentSizeBytes, row.ExtentCount, row.FreeExtents, row.SeqNo, row.PhysicalVolumeCount) { Tags = row.Tags });
    }

    public async Task<LvmResult<IReadOnlyList<LvInfo>>> ListLvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var result = await _tool.ListLvsAsync(vg, devices, cancellationToken);
        Observe("lvs", result.Command);
        return result.Succeeded
            ? LvmResult<IReadOnlyList<LvInfo>>.Ok(result.Value!.Select(ToLv).ToList())
            : LvmResult<IReadOnlyList<LvInfo>>.Fail(result.Error!);
    }

    public Task<LvmCommandResult> ExtendLvAsync(
        string vg, string lv, ulong sizeMib, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(LvmCommandLine.ExtendLv(vg, lv, sizeMib, devices), timeout, cancellationToken);

    public Task<LvmCommandResult> CreatePvAsync(string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(LvmCommandLine.CreatePv(device, devices), timeout, cancellationToken);

    public Task<LvmCommandResult> ExtendVgAsync(
        string vg, string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        RunAsync(LvmCommandLine.ExtendVg(vg, device, devices), timeout, cancellationToken);

    /// <summary>The coordinator's view of one LV: its capacity from the tag <c>lvx_capacity_mib=N</c> (also used by tests).</summary>
    internal static LvInfo ToLv(LvmLvRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        long? capacity = null;
        foreach (var tag in record.Tags)
        {
            if (tag.StartsWith(LvInfo.CapacityTagPrefix, StringComparison.Ordinal)
                && long.TryParse(tag.AsSpan(LvInfo.CapacityTagPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var mib)
                && mib > 0)
            {
                capacity = mib;
            }
        }

        return new LvInfo(record.Name, record.SizeBytes, record.Tags, capacity);
    }

    private async Task<LvmCommandResult> RunAsync(LvmCommandLine command, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var result = await _tool.RunAsync(command, timeout, cancellationToken);
        Observe(command.Subcommand, result);
        return LvmCommandResult.From(result);
    }

    private void Observe(string command, CommandResult? result)
    {
        if (result is null)
        {
            return;
        }

        _instruments.RecordLvmCommand(command, result.Duration, result.Succeeded);
        if (result.StartFailed)
        {
            Log.StartFailed(_logger, _tool.Binary, result.StandardError);
        }
        else if (result.TimedOut)
        {
            Log.Killed(_logger, command, result.Duration.TotalMilliseconds, result.Cancelled);
        }
        else
        {
            Log.Ran(_logger, command, result.ExitCode, result.Duration.TotalMilliseconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1301, EventName = "LvmRan", Level = LogLevel.Debug,
            Message = "lvm {Command} exited with {ExitCode} after {DurationMs:F1} ms")]
        public static partial void Ran(ILogger logger, string command, int exitCode, double durationMs);

        [LoggerMessage(EventId = 1302, EventName = "LvmKilled", Level = LogLevel.Warning,
            Message = "lvm {Command} was killed after {DurationMs:F1} ms (cancelled: {Cancelled})")]
        public static partial void Killed(ILogger logger, string command, double durationMs, bool cancelled);

        [LoggerMessage(EventId = 1303, EventName = "LvmStartFailed", Level = LogLevel.Error,
            Message = "Cannot start {CommandPath}: {Reason}")]
        public static partial void StartFailed(ILogger logger, string commandPath, string reason);
    }
}
