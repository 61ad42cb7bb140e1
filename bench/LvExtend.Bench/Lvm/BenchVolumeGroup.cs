using System.Globalization;
using System.Text.Json;
using LvExtend.TestSupport;

namespace LvExtend.Bench.Lvm;

/// <summary>
/// The benchmark's VG: one loop device over a sparse file (only LVM metadata is ever written to it), a PV
/// made the way the reference makes them (<c>--metadatasize 128m --metadatacopies 2</c>, room for thousands
/// of LVs and segments) and a VG with small extents. Every command goes through <see cref="LvmCommand"/>
/// (<c>--devices</c>, <c>--driverloaded n</c>). Dispose detaches the loop device and deletes the file.
/// </summary>
internal sealed class BenchVolumeGroup : IAsyncDisposable
{
    private const long Gib = 1L << 30;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly LoopDevice _loop;

    private BenchVolumeGroup(string name, LoopDevice loop, int extentMib)
    {
        Name = name;
        _loop = loop;
        ExtentMib = extentMib;
        Devices = [loop.Path];
    }

    /// <summary>The VG name (lvxb&lt;random&gt;).</summary>
    public string Name { get; }

    /// <summary>The PV (a loop device): the coordinator's Domains:0:PhysicalVolumes.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>The extent size.</summary>
    public int ExtentMib { get; }

    /// <summary>Creates the sparse file, the loop device, the PV and the VG.</summary>
    public static async Task<BenchVolumeGroup> CreateAsync(string directory, long pvSizeGiB, int extentMib, CancellationToken cancellationToken)
    {
        LvmCommand.RequireLvm();
        var loop = LoopDevice.Create(pvSizeGiB * Gib, Path.Combine(directory, "pv0"));
        var vg = new BenchVolumeGroup("lvxb" + TestPaths.RandomSuffix(), loop, extentMib);
        try
        {
            await LvmCommand.RunAsync("pvcreate", vg.Devices, ["--yes", "--metadatasize", "128m", "--metadatacopies", "2", loop.Path], cancellationToken);
            await LvmCommand.RunAsync(
                "vgcreate", vg.Devices, ["--autobackup", "n", "-s", $"{extentMib}m", vg.Name, loop.Path], cancellationToken);
            return vg;
        }
        catch
        {
            await vg.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an inactive LV (<c>lvcreate -an -Zn</c>) with the given tags.</summary>
    public Task CreateLvAsync(string name, long sizeMib, IEnumerable<string> tags, CancellationToken cancellationToken)
    {
        var args = new List<string> { "--autobackup", "n", "-an", "-Zn", "-y", "-n", name, "-L", Mib(sizeMib) };
        foreach (var tag in tags)
        {
            args.Add("--addtag");
            args.Add(tag);
        }

        args.Add(Name);
        return LvmCommand.RunAsync("lvcreate", Devices, args, cancellationToken);
    }

    /// <summary>
    /// <c>lvm lvextend --devices D --driverloaded n --autobackup n --size Nm vg/lv</c>: the coordinator's exact
    /// command line. Returns the result with its wall-clock duration (fork, exec, exit).
    /// </summary>
    public Task<ProcessResult> ExtendLvAsync(string lv, long sizeMib, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(
            "lvm",
            ["lvextend", "--devices", string.Join(',', Devices), "--driverloaded", "n", "--autobackup", "n", "--size", Mib(sizeMib), $"{Name}/{lv}"],
            new ProcessRunOptions { Environment = LvmCommand.Environment, Timeout = CommandTimeout, ThrowOnFailure = true },
            cancellationToken);

    /// <summary>
    /// One LV's size from the LVM metadata on the PV: what the agent's loop backend does on a refresh
    /// (<c>lvs -o lv_size vg/lv</c>); <paramref name="locking"/> false adds <c>--nolocking</c>.
    /// </summary>
    public async Task<long> ReadLvSizeAsync(string lv, bool locking, CancellationToken cancellationToken)
    {
        string[] args = ["--reportformat", "json", "--units", "b", "--nosuffix", "-o", "lv_size", $"{Name}/{lv}"];
        var result = await LvmCommand.RunAsync("lvs", Devices, locking ? args : ["--nolocking", .. args], cancellationToken);
        return Sizes(result.StandardOutput).Single().Value;
    }

    /// <summary>Every LV's size (one <c>lvs</c> of the VG).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAllLvSizesAsync(CancellationToken cancellationToken)
    {
        var result = await LvmCommand.RunAsync(
            "lvs", Devices, ["--reportformat", "json", "--units", "b", "--nosuffix", "-o", "lv_name,lv_size", Name], cancellationToken);
        return Sizes(result.StandardOutput);
    }

    /// <summary>The VG's metadata size and free space, for the report.</summary>
    public async Task<(long FreeBytes, long MetadataFreeBytes, int LvCount)> ReadVgAsync(CancellationToken cancellationToken)
    {
        var result = await LvmCommand.RunAsync(
            "vgs", Devices, ["--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_free,vg_mda_free,lv_count", Name], cancellationToken);
        using var doc = JsonDocument.Parse(result.StandardOutput);
        var row = Rows(doc, "vg").Single();
        return (Long(row, "vg_free"), Long(row, "vg_mda_free"), (int)Long(row, "lv_count"));
    }

    /// <summary>
    /// Detaches the loop device and deletes the sparse file (the VG lives only there); also removes the metadata
    /// backups of this VG that an lvm command of someone else, scanning every device without our private
    /// LVM_SYSTEM_DIR, may have left in /etc/lvm. Never throws.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        _loop.Dispose();
        try
        {
            File.Delete(_loop.BackingFile);
            File.Delete(Path.Combine("/etc/lvm/backup", Name));
            if (Directory.Exists("/etc/lvm/archive"))
            {
                foreach (var archive in Directory.EnumerateFiles("/etc/lvm/archive", Name + "_*.vg"))
                {
                    File.Delete(archive);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: scripts/bench.sh removes the whole directory.
        }

        return ValueTask.CompletedTask;
    }

    private static string Mib(long sizeMib) => sizeMib.ToString(CultureInfo.InvariantCulture) + "m";

    private static Dictionary<string, long> Sizes(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in Rows(doc, "lv"))
        {
            var name = row.TryGetProperty("lv_name", out var n) ? n.GetString()! : "";
            sizes[name] = Long(row, "lv_size");
        }

        return sizes;
    }

    private static IEnumerable<JsonElement> Rows(JsonDocument doc, string kind) =>
        doc.RootElement.GetProperty("report").EnumerateArray()
            .SelectMany(r => r.TryGetProperty(kind, out var rows) ? rows.EnumerateArray().ToArray() : []);

    private static long Long(JsonElement row, string field) =>
        long.Parse(row.GetProperty(field).GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
