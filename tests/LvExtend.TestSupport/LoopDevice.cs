namespace LvExtend.TestSupport;

/// <summary>
/// One loop device over a sparse backing file under /tmp/lvx-*: a growable block device that stands in
/// for an active LV (this machine has no device-mapper). <see cref="Resize"/> grows the file and tells
/// the kernel (losetup -c), which is what an LV refresh looks like to qemu.
/// </summary>
public sealed class LoopDevice : IDisposable, IAsyncDisposable
{
    private readonly string? _ownedDirectory;
    private bool _disposed;

    private LoopDevice(string path, string backingFile, string? ownedDirectory)
    {
        Path = path;
        BackingFile = backingFile;
        _ownedDirectory = ownedDirectory;
    }

    /// <summary>The device node, e.g. /dev/loop3.</summary>
    public string Path { get; }

    /// <summary>The sparse backing file.</summary>
    public string BackingFile { get; }

    /// <summary>
    /// Creates a sparse file of <paramref name="sizeBytes"/> and attaches it. Without
    /// <paramref name="backingFile"/> the file goes into a fresh /tmp/lvx-loop-&lt;random&gt;/ that
    /// Dispose removes. Requires root and losetup (fails with <see cref="RequiredDependency"/>).
    /// </summary>
    public static LoopDevice Create(long sizeBytes, string? backingFile = null)
    {
        RequiredDependency.RequireRoot("loop devices");
        RequiredDependency.RequireCommand("losetup", "util-linux");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeBytes);

        string? ownedDirectory = null;
        if (backingFile is null)
        {
            ownedDirectory = TestPaths.CreateTempDirectory("loop");
            backingFile = System.IO.Path.Combine(ownedDirectory, "disk");
        }

        try
        {
            using (var file = new FileStream(backingFile, FileMode.CreateNew, FileAccess.Write))
            {
                file.SetLength(sizeBytes);
            }

            var device = ProcessRunner.RunChecked("losetup", "-f", "--show", backingFile).StandardOutput.Trim();
            return new LoopDevice(device, backingFile, ownedDirectory);
        }
        catch
        {
            if (ownedDirectory is not null)
            {
                TestPaths.DeleteDirectoryQuietly(ownedDirectory);
            }

            throw;
        }
    }

    /// <summary>The device size the kernel reports now (blockdev --getsize64).</summary>
    public long GetSizeBytes() =>
        long.Parse(ProcessRunner.RunChecked("blockdev", "--getsize64", Path).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Sets the backing file to <paramref name="newSizeBytes"/> and refreshes the device size (losetup -c).</summary>
    public void Resize(long newSizeBytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using (var file = new FileStream(BackingFile, FileMode.Open, FileAccess.Write))
        {
            file.SetLength(newSizeBytes);
        }

        ProcessRunner.RunChecked("losetup", "-c", Path);
    }

    /// <summary>Detaches the device and removes the file it created; never throws.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        DetachQuietly(Path);
        if (_ownedDirectory is not null)
        {
            TestPaths.DeleteDirectoryQuietly(_ownedDirectory);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal static void DetachQuietly(string device)
    {
        try
        {
            // A device still opened by a dying qemu refuses to detach for a moment: retry briefly.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                if (ProcessRunner.Run("losetup", ["-d", device]).Succeeded || !IsAttached(device))
                {
                    return;
                }

                Thread.Sleep(100);
            }
        }
        catch (Exception ex) when (ex is ProcessFailedException or TimeoutException)
        {
            // Best effort: scripts/lib/cleanup.sh detaches leftovers under /tmp/lvx-*.
        }
    }

    private static bool IsAttached(string device) =>
        ProcessRunner.Run("losetup", [device]).Succeeded;
}
