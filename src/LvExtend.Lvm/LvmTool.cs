namespace LvExtend.Lvm;

/// <summary>
/// lvm for every assembly of LvExtend: runs <see cref="LvmCommandLine"/>s through an <see cref="ICommandRunner"/>
/// and reads the typed reports. Expected failures (lvm exits non-zero, is killed, its report does not parse)
/// come back as results, never as exceptions.
/// </summary>
public sealed class LvmTool
{
    private readonly ICommandRunner _runner;
    private readonly LvmToolOptions _options;

    /// <summary>Creates the tool over <paramref name="runner"/>.</summary>
    public LvmTool(ICommandRunner runner, LvmToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        _runner = runner;
        _options = options ?? new LvmToolOptions();
        ArgumentException.ThrowIfNullOrWhiteSpace(_options.Binary);
    }

    /// <summary>The lvm binary this tool runs.</summary>
    public string Binary => _options.Binary;

    /// <summary>Runs <paramref name="command"/>, killed after <paramref name="timeout"/> (default: the report timeout).</summary>
    public Task<CommandResult> RunAsync(LvmCommandLine command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        return _runner.RunAsync(_options.Binary, command.Arguments, timeout ?? _options.ReportTimeout, cancellationToken);
    }

    /// <summary>The VG <paramref name="vg"/>; a failure when lvm does not report exactly it.</summary>
    public async Task<LvmQueryResult<LvmVgRecord>> GetVgAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        Single(
            await QueryAsync(LvmCommandLine.Report(LvmReportKind.VolumeGroups, devices, vg), LvmReportReader.ReadVolumeGroups, cancellationToken)
                .ConfigureAwait(false),
            r => string.Equals(r.Name, vg, StringComparison.Ordinal),
            $"vgs reported no VG {vg}");

    /// <summary>Every LV of <paramref name="vg"/>.</summary>
    public Task<LvmQueryResult<IReadOnlyList<LvmLvRecord>>> ListLvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        QueryAsync(LvmCommandLine.Report(LvmReportKind.LogicalVolumes, devices, vg), LvmReportReader.ReadLogicalVolumes, cancellationToken);

    /// <summary>The LV <paramref name="vg"/>/<paramref name="lv"/>; a failure (naming it) when lvm does not know it.</summary>
    public async Task<LvmQueryResult<LvmLvRecord>> GetLvAsync(string vg, string lv, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        Single(
            await QueryAsync(LvmCommandLine.Report(LvmReportKind.LogicalVolumes, devices, $"{vg}/{lv}"), LvmReportReader.ReadLogicalVolumes, cancellationToken)
                .ConfigureAwait(false),
            r => string.Equals(r.Name, lv, StringComparison.Ordinal),
            $"lvs reported no LV {vg}/{lv}");

    /// <summary>The PVs of <paramref name="vg"/> (with their <c>pe_start</c>).</summary>
    public Task<LvmQueryResult<IReadOnlyList<LvmPvRecord>>> ListPvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        QueryAsync(LvmCommandLine.PhysicalVolumesOf(vg, devices), LvmReportReader.ReadPhysicalVolumes, cancellationToken);

    /// <summary>The segments of <paramref name="vg"/>/<paramref name="lv"/>, in logical order.</summary>
    public Task<LvmQueryResult<IReadOnlyList<LvmSegmentRecord>>> ListSegmentsAsync(
        string vg, string lv, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        QueryAsync(LvmCommandLine.Report(LvmReportKind.Segments, devices, $"{vg}/{lv}"), LvmReportReader.ReadSegments, cancellationToken);

    private async Task<LvmQueryResult<IReadOnlyList<T>>> QueryAsync<T>(
        LvmCommandLine command, Func<string, IReadOnlyList<T>> read, CancellationToken cancellationToken)
    {
        var result = await RunAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            return LvmQueryResult<IReadOnlyList<T>>.Fail(result.Describe(), result);
        }

        if (result.OutputTruncated)
        {
            return LvmQueryResult<IReadOnlyList<T>>.Fail($"the {command.Subcommand} report was larger than the runner keeps", result);
        }

        try
        {
            return LvmQueryResult<IReadOnlyList<T>>.Ok(read(result.StandardOutput), result);
        }
        catch (LvmReportException ex)
        {
            return LvmQueryResult<IReadOnlyList<T>>.Fail($"cannot read the {command.Subcommand} report: {ex.Message}", result);
        }
    }

    private static LvmQueryResult<T> Single<T>(LvmQueryResult<IReadOnlyList<T>> result, Func<T, bool> match, string missing)
    {
        if (!result.Succeeded)
        {
            return LvmQueryResult<T>.Fail(result.Error!, result.Command);
        }

        var row = result.Value!.SingleOrDefault(match);
        return row is null ? LvmQueryResult<T>.Fail(missing, result.Command) : LvmQueryResult<T>.Ok(row, result.Command);
    }
}
