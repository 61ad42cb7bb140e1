namespace LvExtend.TestSupport;

/// <summary>qemu-img helpers. Both work on a regular file and on a block device (e.g. a loop device standing in for an LV).</summary>
public static class Qcow2
{
    /// <summary>
    /// Writes an empty qcow2 image of <paramref name="virtualSizeBytes"/> to <paramref name="path"/>
    /// (qemu-img create -f qcow2 -o preallocation=off). On a block device only the header and tables
    /// are written: the device must be at least a few hundred KiB and writable.
    /// </summary>
    public static void Create(string path, long virtualSizeBytes)
    {
        RequireQemuImg();
        ProcessRunner.RunChecked("qemu-img", "create", "-q", "-f", "qcow2", "-o", "preallocation=off", path, virtualSizeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Runs qemu-img check: exit code 0 means clean, 2 corruption, 3 leaked clusters only
    /// (<see cref="ProcessResult.StandardOutput"/> has the report).
    /// </summary>
    public static ProcessResult Check(string path)
    {
        RequireQemuImg();
        return ProcessRunner.Run("qemu-img", ["check", "-f", "qcow2", path]);
    }

    private static void RequireQemuImg() =>
        RequiredDependency.RequireCommand("qemu-img", "qemu-utils");
}
