using System.Globalization;

namespace LvExtend.Lvm;

/// <summary>
/// One lvm command line: <c>&lt;subcommand&gt; --devices D1,D2 [--driverloaded n] &lt;arguments&gt;</c>, the binary not
/// included. Every command of LvExtend is restricted to the pool's own PVs: an empty device list (or an empty
/// or comma-carrying entry) is refused with <see cref="ArgumentException"/>, never silently dropped. Reports add
/// <c>--reportformat json --units b --nosuffix -o &lt;fields&gt;</c> (read them with <see cref="LvmReportReader"/>).
/// </summary>
public sealed class LvmCommandLine
{
    private LvmCommandLine(string subcommand, IReadOnlyList<string> arguments)
    {
        Subcommand = subcommand;
        Arguments = arguments;
    }

    /// <summary>The lvm subcommand (<c>lvs</c>, <c>lvextend</c>...).</summary>
    public string Subcommand { get; }

    /// <summary>The arguments to pass to the lvm binary, the subcommand first.</summary>
    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// <c>&lt;subcommand&gt; --devices &lt;devices&gt; [--driverloaded n] &lt;arguments&gt;</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="devices"/> is empty or has an empty or comma-carrying entry.</exception>
    public static LvmCommandLine Create(
        string subcommand, IReadOnlyList<string> devices, DeviceMapperUse deviceMapper, params IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subcommand);
        ArgumentNullException.ThrowIfNull(arguments);
        List<string> list = [subcommand, "--devices", DevicesArgument(devices)];
        if (deviceMapper == DeviceMapperUse.NotUsed)
        {
            list.Add("--driverloaded");
            list.Add("n");
        }

        list.AddRange(arguments);
        return new LvmCommandLine(subcommand, list);
    }

    /// <summary>
    /// A JSON report in bytes: <c>&lt;vgs|lvs|pvs&gt; ... --reportformat json --units b --nosuffix -o &lt;fields&gt; &lt;targets&gt;</c>.
    /// <see cref="LvmReportKind.Segments"/> runs <c>lvs --segments</c>. Reports never need device-mapper.
    /// </summary>
    public static LvmCommandLine Report(LvmReportKind kind, IReadOnlyList<string> devices, params IEnumerable<string> targets)
    {
        var (subcommand, extra) = kind switch
        {
            LvmReportKind.VolumeGroups => ("vgs", Array.Empty<string>()),
            LvmReportKind.LogicalVolumes => ("lvs", []),
            LvmReportKind.PhysicalVolumes => ("pvs", []),
            LvmReportKind.Segments => ("lvs", ["--segments"]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown report"),
        };
        return Create(subcommand, devices, DeviceMapperUse.NotUsed,
            [.. extra, "--reportformat", "json", "--units", "b", "--nosuffix", "-o", LvmReportFields.For(kind), .. targets]);
    }

    /// <summary>The PVs of <paramref name="vg"/>: <c>pvs ... --select vg_name=&lt;vg&gt;</c>.</summary>
    public static LvmCommandLine PhysicalVolumesOf(string vg, IReadOnlyList<string> devices) =>
        Report(LvmReportKind.PhysicalVolumes, devices, "--select", "vg_name=" + CheckVg(vg));

    /// <summary>The coordinator's extension: <c>lvextend ... --autobackup n --size &lt;sizeMib&gt;m vg/lv</c>.</summary>
    public static LvmCommandLine ExtendLv(string vg, string lv, ulong sizeMib, IReadOnlyList<string> devices) =>
        Create("lvextend", devices, DeviceMapperUse.NotUsed,
            "--autobackup", "n", "--size", sizeMib.ToString(CultureInfo.InvariantCulture) + "m", $"{CheckVg(vg)}/{CheckLv(lv)}");

    /// <summary><c>pvcreate ... --yes &lt;device&gt;</c> (<paramref name="devices"/> must include it).</summary>
    public static LvmCommandLine CreatePv(string device, IReadOnlyList<string> devices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        return Create("pvcreate", devices, DeviceMapperUse.NotUsed, "--yes", device);
    }

    /// <summary><c>vgextend ... --autobackup n vg device</c>.</summary>
    public static LvmCommandLine ExtendVg(string vg, string device, IReadOnlyList<string> devices)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        return Create("vgextend", devices, DeviceMapperUse.NotUsed, "--autobackup", "n", CheckVg(vg), device);
    }

    /// <summary><c>lvchange --devices D --activate y|n vg/lv</c> (needs device-mapper).</summary>
    public static LvmCommandLine ChangeActivation(string vg, string lv, bool active, IReadOnlyList<string> devices) =>
        Create("lvchange", devices, DeviceMapperUse.Used, "--activate", active ? "y" : "n", $"{CheckVg(vg)}/{CheckLv(lv)}");

    /// <summary><c>lvchange --devices D --refresh vg/lv</c> (needs device-mapper).</summary>
    public static LvmCommandLine Refresh(string vg, string lv, IReadOnlyList<string> devices) =>
        Create("lvchange", devices, DeviceMapperUse.Used, "--refresh", $"{CheckVg(vg)}/{CheckLv(lv)}");

    /// <summary>The <c>--devices</c> value: the devices joined with commas.</summary>
    /// <exception cref="ArgumentException">The list is empty or has an empty or comma-carrying entry.</exception>
    public static string DevicesArgument(IReadOnlyList<string> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        if (devices.Count == 0)
        {
            throw new ArgumentException("lvm commands must be restricted to at least one device (--devices): the device list is empty.", nameof(devices));
        }

        foreach (var device in devices)
        {
            if (string.IsNullOrWhiteSpace(device) || device.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"'{device}' is not a device path lvm can take in --devices.", nameof(devices));
            }
        }

        return string.Join(',', devices);
    }

    /// <summary>The command as a shell would show it, binary first (for messages, not for running).</summary>
    public string ToString(string binary) => string.Join(' ', [binary, .. Arguments]);

    /// <inheritdoc />
    public override string ToString() => ToString(LvmDefaults.Binary);

    private static string CheckVg(string vg) =>
        LvmNames.IsValidVgName(vg) ? vg : throw new ArgumentException($"'{vg}' is not a valid VG name.", nameof(vg));

    private static string CheckLv(string lv) =>
        LvmNames.IsValidLvName(lv) ? lv : throw new ArgumentException($"'{lv}' is not a valid LV name.", nameof(lv));
}
