using System.Globalization;
using LvExtend.Lvm;
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
    /// <c>lvm lvextend --devices D --driverloaded n --autobackup n --size Nm vg/lv</c>, built by the library exactly
    /// as the coordinator builds it (<see cref="LvmCommandLine.ExtendLv"/>). Returns the result with its wall-clock
    /// duration (fork, exec, exit); throws when lvm fails.
    /// </summary>
    public async Task<CommandResult> ExtendLvAsync(string lv, long sizeMib, CancellationToken cancellationToken) =>
        LvmCommand.EnsureSucceeded(await LvmCommand.RunAsync(LvmCommandLine.ExtendLv(Name, lv, checked((ulong)sizeMib), Devices), cancellationToken));

    /// <summary>
    /// One LV's size from the LVM metadata on the PV: what the agent's loop backend does on a refresh
    /// (<c>lvs -o lv_size vg/lv</c>); <paramref name="locking"/> false adds <c>--nolocking</c>.
    /// </summary>
    public async Task<long> ReadLvSizeAsync(string lv, bool locking, CancellationToken cancellationToken)
    {
        if (locking)
        {
            return LvmCommand.EnsureSucceeded(await LvmCommand.Tool.GetLvAsync(Name, lv, Devices, cancellationToken)).SizeBytes;
        }

        var report = LvmCommandLine.Report(LvmReportKind.LogicalVolumes, Devices, "--nolocking", $"{Name}/{lv}");
        var result = LvmCommand.EnsureSucceeded(await LvmCommand.RunAsync(report, cancellationToken));
        return LvmReportReader.ReadLogicalVolumes(result.StandardOutput).Single().SizeBytes;
    }

    /// <summary>Every LV's size (one <c>lvs</c> of the VG).</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAllLvSizesAsync(CancellationToken cancellationToken) =>
        LvmCommand.EnsureSucceeded(await LvmCommand.Tool.ListLvsAsync(Name, Devices, cancellationToken))
            .ToDictionary(lv => lv.Name, lv => lv.SizeBytes, StringComparer.Ordinal);

    /// <summary>The VG's metadata size and free space, for the report.</summary>
    public async Task<(long FreeBytes, long MetadataFreeBytes, int LvCount)> ReadVgAsync(CancellationToken cancellationToken)
    {
        var vg = LvmCommand.EnsureSucceeded(await LvmCommand.Tool.GetVgAsync(Name, Devices, cancellationToken));
        return (vg.FreeBytes, vg.MetadataFreeBytes, vg.LogicalVolumeCount);
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
}
