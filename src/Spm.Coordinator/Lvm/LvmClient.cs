using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Lvm;

/// <summary><see cref="ILvm"/> over the lvm binary (<see cref="ILvmCommandRunner"/>).</summary>
internal sealed class LvmClient(ILvmCommandRunner runner, IOptions<CoordinatorOptions> options) : ILvm
{
    private const string VgFields = "vg_name,vg_size,vg_free,vg_extent_size,vg_extent_count,vg_free_count,vg_seqno,pv_count";
    private const string LvFields = "lv_name,lv_size,lv_tags";

    private readonly TimeSpan _readTimeout = options.Value.Lvm.CommandTimeout;

    public async Task<LvmResult<VgInfo>> GetVgAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Report("vgs", VgFields, vg, devices), _readTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            return LvmResult<VgInfo>.Fail(result.Describe());
        }

        try
        {
            var row = LvmReport.Rows(result.StandardOutput, "vg").SingleOrDefault();
            if (row is null)
            {
                return LvmResult<VgInfo>.Fail($"vgs reported no VG {vg}");
            }

            return LvmResult<VgInfo>.Ok(new VgInfo(
                row["vg_name"],
                Long(row, "vg_size"),
                Long(row, "vg_free"),
                Long(row, "vg_extent_size"),
                Long(row, "vg_extent_count"),
                Long(row, "vg_free_count"),
                Long(row, "vg_seqno"),
                (int)Long(row, "pv_count")));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            return LvmResult<VgInfo>.Fail($"cannot parse the vgs report: {ex.Message}");
        }
    }

    public async Task<LvmResult<IReadOnlyList<LvInfo>>> ListLvsAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(Report("lvs", LvFields, vg, devices), _readTimeout, cancellationToken);
        if (!result.Succeeded)
        {
            return LvmResult<IReadOnlyList<LvInfo>>.Fail(result.Describe());
        }

        try
        {
            var lvs = LvmReport.Rows(result.StandardOutput, "lv").Select(ToLv).ToList();
            return LvmResult<IReadOnlyList<LvInfo>>.Ok(lvs);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException)
        {
            return LvmResult<IReadOnlyList<LvInfo>>.Fail($"cannot parse the lvs report: {ex.Message}");
        }
    }

    public Task<LvmCommandResult> ExtendLvAsync(
        string vg, string lv, ulong sizeMib, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        runner.RunAsync(
            ["lvextend", .. Common(devices), "--autobackup", "n", "--size", sizeMib.ToString(CultureInfo.InvariantCulture) + "m", $"{vg}/{lv}"],
            timeout,
            cancellationToken);

    public Task<LvmCommandResult> CreatePvAsync(string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        runner.RunAsync(["pvcreate", .. Common(devices), "--yes", device], timeout, cancellationToken);

    public Task<LvmCommandResult> ExtendVgAsync(
        string vg, string device, IReadOnlyList<string> devices, TimeSpan timeout, CancellationToken cancellationToken) =>
        runner.RunAsync(["vgextend", .. Common(devices), "--autobackup", "n", vg, device], timeout, cancellationToken);

    /// <summary>Parses one lvs row (also used by tests).</summary>
    internal static LvInfo ToLv(IReadOnlyDictionary<string, string> row)
    {
        var tags = row["lv_tags"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        long? capacity = null;
        foreach (var tag in tags)
        {
            if (tag.StartsWith(LvInfo.CapacityTagPrefix, StringComparison.Ordinal)
                && long.TryParse(tag.AsSpan(LvInfo.CapacityTagPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var mib)
                && mib > 0)
            {
                capacity = mib;
            }
        }

        return new LvInfo(row["lv_name"], Long(row, "lv_size"), tags, capacity);
    }

    private static string[] Common(IReadOnlyList<string> devices)
    {
        if (devices.Count == 0)
        {
            throw new ArgumentException("LVM commands must be restricted to at least one device.", nameof(devices));
        }

        return ["--devices", string.Join(',', devices), "--driverloaded", "n"];
    }

    private static string[] Report(string command, string fields, string vg, IReadOnlyList<string> devices) =>
        [command, .. Common(devices), "--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields, vg];

    private static long Long(IReadOnlyDictionary<string, string> row, string field) =>
        long.Parse(row[field], NumberStyles.Integer, CultureInfo.InvariantCulture);
}
