using LvExtend.Lvm;

namespace LvExtend.TestSupport;

/// <summary>
/// A real LVM volume group on loop devices over sparse files in a fresh /tmp/lvx-vg-&lt;random&gt;/.
/// Every lvm command is restricted to this VG's loop devices (<c>--devices</c>) and runs with
/// <c>--driverloaded n</c> (no device-mapper here), so LVs are metadata only: they are never active.
/// Dispose removes the VG, the PVs, the loop devices and the directory, best effort, never throwing.
/// Requires root and lvm2 (fails via <see cref="RequiredDependency"/> otherwise).
/// </summary>
public sealed class LoopVolumeGroup : IDisposable, IAsyncDisposable
{
    private readonly List<LoopDevice> _loops = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private LoopVolumeGroup(string name, string directory, int extentSizeMib)
    {
        Name = name;
        Directory = directory;
        ExtentSizeMib = extentSizeMib;
    }

    /// <summary>The VG name (lvxt&lt;random&gt; unless given).</summary>
    public string Name { get; }

    /// <summary>The directory holding the backing files.</summary>
    public string Directory { get; }

    /// <summary>The extent size the VG was created with, in MiB.</summary>
    public int ExtentSizeMib { get; }

    /// <summary>
    /// Every loop device this fixture attached, PVs of the VG and devices from <see cref="AddPhysicalVolume"/>
    /// alike: the list to pass as <c>--devices</c>.
    /// </summary>
    public IReadOnlyList<string> Devices
    {
        get
        {
            lock (_gate)
            {
                return _loops.Select(l => l.Path).ToArray();
            }
        }
    }

    /// <summary><see cref="Devices"/> joined with commas, ready for <c>--devices</c>.</summary>
    public string DevicesArgument => string.Join(',', Devices);

    /// <summary>Creates the loop devices, PVs and the VG.</summary>
    public static LoopVolumeGroup Create(LoopVolumeGroupOptions? options = null)
    {
        options ??= new LoopVolumeGroupOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.PhysicalVolumeCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ExtentSizeMib);
        LvmCommand.RequireLvm();

        var name = options.Name ?? "lvxt" + TestPaths.RandomSuffix();
        var vg = new LoopVolumeGroup(name, TestPaths.CreateTempDirectory("vg"), options.ExtentSizeMib);
        try
        {
            for (var i = 0; i < options.PhysicalVolumeCount; i++)
            {
                vg.AttachNewLoop(options.PhysicalVolumeSizeGiB);
            }

            var devices = vg.Devices;
            LvmCommand.Run("pvcreate", devices, [.. devices]);
            LvmCommand.Run("vgcreate", devices, ["-s", $"{options.ExtentSizeMib}m", name, .. devices]);
            return vg;
        }
        catch
        {
            vg.Dispose();
            throw;
        }
    }

    /// <summary>Async form of <see cref="Create"/> (runs on the thread pool).</summary>
    public static Task<LoopVolumeGroup> CreateAsync(LoopVolumeGroupOptions? options = null) => Task.Run(() => Create(options));

    /// <summary>
    /// Creates an inactive LV (<c>lvcreate -an -Zn</c>) of <paramref name="sizeMib"/> MiB with the given
    /// tags (LVM allows letters, digits and <c>_+.-/=!:&amp;#</c> in tags, e.g. <c>lvx_capacity_mib=1024</c>).
    /// </summary>
    public void CreateLv(string name, long sizeMib, params string[] tags)
    {
        var args = new List<string> { "-an", "-Zn", "-y", "-n", name, "-L", $"{sizeMib}m" };
        foreach (var tag in tags)
        {
            args.Add("--addtag");
            args.Add(tag);
        }

        args.Add(Name);
        LvmCommand.Run("lvcreate", Devices, [.. args]);
    }

    /// <summary>Extends an LV to <paramref name="sizeMib"/> MiB (lvextend -L), for tests that need a grown LV.</summary>
    public void ExtendLv(string name, long sizeMib) =>
        LvmCommand.Run("lvextend", Devices, "-L", $"{sizeMib}m", $"{Name}/{name}");

    /// <summary>Adds tags to the VG (<c>vgchange --addtag</c>), e.g. a vdsm domain's <c>MDT_VERSION=5</c>.</summary>
    public void AddVgTags(params string[] tags)
    {
        var args = new List<string>();
        foreach (var tag in tags)
        {
            args.Add("--addtag");
            args.Add(tag);
        }

        args.Add(Name);
        LvmCommand.Run("vgchange", Devices, [.. args]);
    }

    /// <summary>The LV (size in bytes, tags), from the library's typed lvs report.</summary>
    public LvmLvRecord GetLv(string lv) =>
        LvmCommand.EnsureSucceeded(LvmCommand.Tool.GetLvAsync(Name, lv, Devices, CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>The LV's size in bytes (lvs --units b).</summary>
    public long GetLvSizeBytes(string lv) => GetLv(lv).SizeBytes;

    /// <summary>The LV's tags.</summary>
    public IReadOnlyList<string> GetLvTags(string lv) => GetLv(lv).Tags;

    /// <summary>The names of the VG's LVs.</summary>
    public IReadOnlyList<string> GetLvNames() =>
        LvmCommand.EnsureSucceeded(LvmCommand.Tool.ListLvsAsync(Name, Devices, CancellationToken.None).GetAwaiter().GetResult())
            .Select(lv => lv.Name).ToArray();

    /// <summary>The VG's size, free space, seqno, extent size, PV count and tags (vgs --units b).</summary>
    public LvmVgRecord GetVg() =>
        LvmCommand.EnsureSucceeded(LvmCommand.Tool.GetVgAsync(Name, Devices, CancellationToken.None).GetAwaiter().GetResult());

    /// <summary>
    /// Creates a new sparse file and loop device only (no pvcreate, no vgextend: the coordinator's
    /// AddPhysicalVolume does that) and returns the device path. It joins <see cref="Devices"/> and is
    /// cleaned up on Dispose.
    /// </summary>
    public string AddPhysicalVolume(long sizeGiB) => AttachNewLoop(sizeGiB);

    /// <summary>Adds a new loop device and puts it into the VG (pvcreate + vgextend); returns the device path.</summary>
    public string ExtendWithNewPv(long sizeGiB)
    {
        var device = AttachNewLoop(sizeGiB);
        LvmCommand.Run("pvcreate", Devices, device);
        LvmCommand.Run("vgextend", Devices, Name, device);
        return device;
    }

    /// <summary>Removes the VG, PVs, loop devices and files; best effort, never throws.</summary>
    public void Dispose()
    {
        List<LoopDevice> loops;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loops = [.. _loops];
        }

        var devices = loops.Select(l => l.Path).ToArray();
        if (devices.Length > 0)
        {
            Quietly(() => LvmCommand.TryRun("vgremove", devices, "-f", "-y", Name));
            Quietly(() => LvmCommand.TryRun("pvremove", devices, ["-ff", "-y", .. devices]));
        }

        foreach (var loop in loops)
        {
            loop.Dispose();
        }

        TestPaths.DeleteDirectoryQuietly(Directory);
    }

    public ValueTask DisposeAsync() => new(Task.Run(Dispose));

    private string AttachNewLoop(long sizeGiB)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeGiB);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var file = Path.Combine(Directory, $"pv{_loops.Count}");
            var loop = LoopDevice.Create(sizeGiB * 1024L * 1024 * 1024, file);
            _loops.Add(loop);
            return loop.Path;
        }
    }

    private static void Quietly(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is ProcessFailedException or TimeoutException or IOException or ArgumentException)
        {
            // Best effort: scripts/lib/cleanup.sh removes what is left under /tmp/lvx-*.
        }
    }
}
