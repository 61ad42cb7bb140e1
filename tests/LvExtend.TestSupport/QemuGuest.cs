using System.Globalization;

namespace LvExtend.TestSupport;

/// <summary>
/// A real qemu (TCG) running the busybox test guest (scripts/build-guest.sh) against a qcow2 image on
/// <see cref="QemuGuestOptions.DrivePath"/>, with the error policy of a thin-provisioned disk
/// (werror=enospc, rerror=stop) and the node names fmt0 (qcow2) and prot0 (protocol node: arm write
/// thresholds here). The console goes to <see cref="SerialLogPath"/>; QMP listens on
/// <see cref="QmpSocketPath"/>. DisposeAsync kills qemu and removes its work directory.
/// </summary>
public sealed class QemuGuest : IAsyncDisposable
{
    /// <summary>The environment variable naming the guest build directory.</summary>
    public const string GuestDirectoryVariable = "LVX_GUEST_DIR";

    /// <summary>The qcow2 node name.</summary>
    public const string FormatNodeName = "fmt0";

    /// <summary>The protocol (host_device) node name: write thresholds go here.</summary>
    public const string ProtocolNodeName = "prot0";

    /// <summary>The qdev id of the virtio-blk device.</summary>
    public const string DeviceId = "vd0";

    private QemuGuest(string workDirectory, ManagedProcess process)
    {
        WorkDirectory = workDirectory;
        Process = process;
    }

    /// <summary>The fresh /tmp/lvx-qemu-&lt;random&gt;/ directory holding the socket and the log.</summary>
    public string WorkDirectory { get; }

    /// <summary>The QMP unix socket (server=on, wait=off).</summary>
    public string QmpSocketPath => Path.Combine(WorkDirectory, "qmp.sock");

    /// <summary>
    /// A second, independent QMP socket for the test itself (<see cref="QmpTestClient"/>), so that the code
    /// under test can hold <see cref="QmpSocketPath"/> (a QMP socket serves one client at a time).
    /// </summary>
    public string TestQmpSocketPath => Path.Combine(WorkDirectory, "qmp-test.sock");

    /// <summary>The guest console (ttyS0) log.</summary>
    public string SerialLogPath => Path.Combine(WorkDirectory, "serial.log");

    /// <summary>The qemu process (its own stdout/stderr lines, signals, exit code).</summary>
    public ManagedProcess Process { get; }

    /// <summary>The highest "LVX-PROGRESS written_mib=K" the guest has printed so far (0 before the first).</summary>
    public int LatestProgressMib =>
        CompleteSerialLines().Select(ParseProgress).DefaultIfEmpty(0).Max();

    /// <summary>The guest build directory from LVX_GUEST_DIR; fails via <see cref="RequiredDependency"/> when missing.</summary>
    public static string RequireGuestDirectory(string? directory = null)
    {
        directory ??= Environment.GetEnvironmentVariable(GuestDirectoryVariable);
        RequiredDependency.Require(
            !string.IsNullOrEmpty(directory) && File.Exists(Path.Combine(directory, "vmlinuz")) && File.Exists(Path.Combine(directory, "initramfs.cpio.gz")),
            $"the qemu test guest ({GuestDirectoryVariable}='{directory}' has no vmlinuz + initramfs.cpio.gz)",
            $"Build it and export the path: scripts/build-guest.sh /tmp/lvx-guest && export {GuestDirectoryVariable}=/tmp/lvx-guest");
        RequiredDependency.RequireCommand("qemu-system-x86_64", "qemu-system-x86");
        return directory!;
    }

    /// <summary>Starts qemu (paused with -S unless <see cref="QemuGuestOptions.StartPaused"/> is false).</summary>
    public static QemuGuest Start(QemuGuestOptions options)
    {
        var guestDirectory = RequireGuestDirectory(options.GuestDirectory);
        var work = TestPaths.CreateTempDirectory("qemu");
        var append = string.Create(
            CultureInfo.InvariantCulture,
            $"console=ttyS0 panic=-1 loglevel=4 lvx.write_mib={options.WriteMib} lvx.chunk_mib={options.ChunkMib} lvx.rate_mibps={options.RateMibps} lvx.seed={options.Seed}");
        var drive =
            $"file={options.DrivePath},format=qcow2,if=none,id=d0,node-name={FormatNodeName},file.node-name={ProtocolNodeName}," +
            "werror=enospc,rerror=stop,cache=none,aio=threads";
        List<string> args =
        [
            "-accel", "tcg", "-m", options.MemoryMib.ToString(CultureInfo.InvariantCulture), "-no-reboot", "-nic", "none",
            "-display", "none", "-monitor", "none", "-serial", $"file:{Path.Combine(work, "serial.log")}",
            "-kernel", KernelPath(guestDirectory), "-initrd", Path.Combine(guestDirectory, "initramfs.cpio.gz"),
            "-append", append,
            "-drive", drive, "-device", $"virtio-blk-pci,drive=d0,id={DeviceId}",
            "-qmp", $"unix:{Path.Combine(work, "qmp.sock")},server=on,wait=off",
            "-qmp", $"unix:{Path.Combine(work, "qmp-test.sock")},server=on,wait=off",
        ];
        if (options.StartPaused)
        {
            args.Add("-S");
        }

        args.AddRange(options.ExtraArguments);
        try
        {
            var process = ManagedProcess.Start(
                "qemu-system-x86_64", args, new ManagedProcessOptions { Name = "qemu", Output = options.Output });
            return new QemuGuest(work, process);
        }
        catch
        {
            TestPaths.DeleteDirectoryQuietly(work);
            throw;
        }
    }

    /// <summary>Waits until the QMP socket exists (qemu listens ~50 ms after start).</summary>
    public async Task WaitForQmpSocketAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!File.Exists(QmpSocketPath))
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"qemu exited (code {Process.ExitCode}) before opening QMP:\n{Process.Output}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"qemu opened no QMP socket within {timeout.TotalSeconds:0.#} s:\n{Process.Output}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The guest console log so far.</summary>
    public string ReadSerialLog()
    {
        try
        {
            using var stream = new FileStream(SerialLogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
    }

    /// <summary>Waits until the guest has written at least <paramref name="mib"/> MiB (LVX-PROGRESS); returns the latest figure.</summary>
    public Task<int> WaitForProgressAsync(int mib, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollAsync(
            () =>
            {
                var latest = LatestProgressMib;
                return (latest >= mib || FindResult() is not null, latest);
            },
            $"LVX-PROGRESS written_mib>={mib}",
            timeout,
            cancellationToken);

    /// <summary>
    /// Waits for the guest's LVX-RESULT line. Throws <see cref="TimeoutException"/> (with the console
    /// tail) on timeout, or <see cref="InvalidOperationException"/> if qemu exits without a result.
    /// </summary>
    public Task<GuestResult> WaitForResultAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        PollAsync(() => FindResult() is { } result ? (true, result) : (false, null!), "LVX-RESULT", timeout, cancellationToken);

    /// <summary>Kills qemu and removes the work directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync().ConfigureAwait(false);
        TestPaths.DeleteDirectoryQuietly(WorkDirectory);
    }

    /// <summary>The uncompressed PVH vmlinux when the build has one (boots ~4 s faster under TCG), else vmlinuz.</summary>
    private static string KernelPath(string guestDirectory)
    {
        var vmlinux = Path.Combine(guestDirectory, "vmlinux");
        return File.Exists(vmlinux) ? vmlinux : Path.Combine(guestDirectory, "vmlinuz");
    }

    private GuestResult? FindResult() =>
        CompleteSerialLines().Select(GuestResult.TryParse).FirstOrDefault(r => r is not null);

    /// <summary>The console lines written so far, without a trailing line qemu is still writing.</summary>
    private string[] CompleteSerialLines()
    {
        var log = ReadSerialLog();
        var end = log.LastIndexOf('\n');
        return end < 0 ? [] : log[..end].Split('\n');
    }

    private async Task<T> PollAsync<T>(Func<(bool Done, T Value)> probe, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var exited = Process.HasExited;
            var (done, value) = probe();
            if (done)
            {
                return value;
            }

            if (exited)
            {
                throw new InvalidOperationException(
                    $"qemu exited (code {Process.ExitCode}) before the guest printed {what}.\nqemu: {Process.Output}\nconsole:\n{Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The guest printed no {what} within {timeout.TotalSeconds:0.#} s.\nconsole:\n{Tail()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Tail()
    {
        var lines = ReadSerialLog().Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }

    private static int ParseProgress(string line)
    {
        const string Marker = "LVX-PROGRESS written_mib=";
        var at = line.IndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 && int.TryParse(line.AsSpan(at + Marker.Length).Trim(), CultureInfo.InvariantCulture, out var mib) ? mib : 0;
    }
}
