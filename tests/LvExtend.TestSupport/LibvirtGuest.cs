using System.Globalization;
using System.Security;

namespace LvExtend.TestSupport;

/// <summary>
/// The busybox test guest as a transient libvirt domain (type qemu, TCG) with a unique name: its disk is a
/// qcow2 on a block device (type='block', error_policy='stop' so that ENOSPC pauses it), its console goes
/// to a file. qemu runs as root without relabelling (static DAC label), so the project's guest files and
/// loop devices are left as they are. The test drives the domain with virsh (the agent never does);
/// DisposeAsync always destroys it. The name is recorded under LVX_TEST_TMP/libvirt-domains so that the
/// test script can destroy it if the test host dies first.
/// </summary>
public sealed class LibvirtGuest : IAsyncDisposable
{
    /// <summary>The URI the tests use.</summary>
    public const string DefaultUri = "qemu:///system";

    /// <summary>The disk's target.</summary>
    public const string Target = "vda";

    private readonly string? _record;

    private LibvirtGuest(string name, string uri, string workDirectory, string? record)
    {
        Name = name;
        Uri = uri;
        WorkDirectory = workDirectory;
        Console = new GuestConsole(System.IO.Path.Combine(workDirectory, "serial.log"));
        _record = record;
    }

    public string Name { get; }

    public string Uri { get; }

    public string WorkDirectory { get; }

    public GuestConsole Console { get; }

    /// <summary>Fails (never skips) when libvirtd or the guest build is missing.</summary>
    public static void Require()
    {
        RequiredDependency.RequireRoot("libvirt guests");
        RequiredDependency.RequireCommand("virsh", "libvirt-clients");
        RequiredDependency.Require(
            File.Exists("/run/libvirt/libvirt-sock"),
            "a running libvirtd (/run/libvirt/libvirt-sock)",
            "Install libvirt-daemon-system libvirt-daemon-driver-qemu and start it: source scripts/lib/libvirt.sh; lvx_libvirt_start DIR");
    }

    /// <summary>Creates and starts the transient domain (paused unless told otherwise).</summary>
    public static async Task<LibvirtGuest> StartAsync(LibvirtGuestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Require();
        var guestDirectory = QemuGuest.RequireGuestDirectory(options.GuestDirectory);
        var work = TestPaths.CreateTempDirectory("libvirt");
        var name = "lvx-" + TestPaths.RandomSuffix();
        var xmlPath = System.IO.Path.Combine(work, "domain.xml");
        await File.WriteAllTextAsync(xmlPath, DomainXml(name, options, guestDirectory, work)).ConfigureAwait(false);
        var record = Record(name);
        var guest = new LibvirtGuest(name, options.Uri, work, record);
        List<string> args = ["create", xmlPath];
        if (options.StartPaused)
        {
            args.Add("--paused");
        }

        try
        {
            await guest.VirshAsync([.. args]).ConfigureAwait(false);
            return guest;
        }
        catch
        {
            await guest.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The domain XML (also used by the demo's documentation).</summary>
    public static string DomainXml(string name, LibvirtGuestOptions options, string guestDirectory, string workDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        var vmlinux = System.IO.Path.Combine(guestDirectory, "vmlinux");
        var kernel = File.Exists(vmlinux) ? vmlinux : System.IO.Path.Combine(guestDirectory, "vmlinuz");
        var cmdline = string.Create(CultureInfo.InvariantCulture,
            $"console=ttyS0 panic=-1 loglevel=4 lvx.write_mib={options.WriteMib} lvx.chunk_mib={options.ChunkMib} lvx.rate_mibps={options.RateMibps} lvx.seed={options.Seed}");
        static string E(string s) => SecurityElement.Escape(s);
        var disk = options.DevicePath is null ? string.Empty :
            $"<disk type='block' device='disk'><driver name='qemu' type='qcow2' cache='none' io='threads' error_policy='stop'/>" +
            $"<source dev='{E(options.DevicePath)}'/><target dev='{Target}' bus='virtio'/></disk>";
        return $"""
            <domain type='qemu'>
              <name>{E(name)}</name>
              <memory unit='MiB'>256</memory>
              <vcpu>1</vcpu>
              <os>
                <type arch='x86_64' machine='pc'>hvm</type>
                <kernel>{E(kernel)}</kernel>
                <initrd>{E(System.IO.Path.Combine(guestDirectory, "initramfs.cpio.gz"))}</initrd>
                <cmdline>{E(cmdline)}</cmdline>
              </os>
              <on_poweroff>destroy</on_poweroff>
              <on_reboot>destroy</on_reboot>
              <on_crash>destroy</on_crash>
              <devices>
                {disk}
                <serial type='file'>
                  <source path='{E(System.IO.Path.Combine(workDirectory, "serial.log"))}'/>
                  <target port='0'/>
                </serial>
                <memballoon model='none'/>
              </devices>
              <seclabel type='static' model='dac' relabel='no'>
                <label>+0:+0</label>
              </seclabel>
            </domain>
            """;
    }

    /// <summary>virsh resume.</summary>
    public Task ResumeAsync() => VirshAsync("resume", Name);

    /// <summary>virsh suspend (an operator's pause).</summary>
    public Task SuspendAsync() => VirshAsync("suspend", Name);

    /// <summary>virsh domstate --reason, e.g. "paused (I/O error)", "paused (user)", "running (booted)"; empty when gone.</summary>
    public async Task<string> StateAsync()
    {
        var result = await ProcessRunner.RunAsync("virsh", ["-c", Uri, "domstate", Name, "--reason"]).ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.Trim() : string.Empty;
    }

    /// <summary>virsh domstats --block (name=value lines).</summary>
    public async Task<IReadOnlyDictionary<string, string>> BlockStatsAsync()
    {
        var result = await VirshAsync("domstats", Name, "--block").ConfigureAwait(false);
        return result.StandardOutput.Split('\n')
            .Select(l => l.Trim().Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>Whether the domain still runs (a finished guest powers off and the transient domain vanishes).</summary>
    public async Task<bool> IsActiveAsync() => (await StateAsync().ConfigureAwait(false)).Length > 0;

    /// <summary>Waits for the guest's LVX-RESULT line.</summary>
    public async Task<GuestResult> WaitForResultAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var gone = !await IsActiveAsync().ConfigureAwait(false);
            if (Console.Result is { } result)
            {
                return result;
            }

            if (gone)
            {
                throw new InvalidOperationException($"domain {Name} ended before the guest printed LVX-RESULT.\nconsole:\n{Console.Tail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The guest printed no LVX-RESULT within {timeout.TotalSeconds:0.#} s.\nconsole:\n{Console.Tail()}");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until the domain has gone (the guest powered off).</summary>
    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await IsActiveAsync().ConfigureAwait(false))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"domain {Name} still runs after {timeout.TotalSeconds:0.#} s");
            }

            await Task.Delay(200).ConfigureAwait(false);
        }
    }

    /// <summary>Destroys the domain (if it still runs) and removes its work directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessRunner.RunAsync("virsh", ["-c", Uri, "destroy", Name]).ConfigureAwait(false);
        if (_record is not null)
        {
            File.Delete(_record);
        }

        TestPaths.DeleteDirectoryQuietly(WorkDirectory);
    }

    private static string? Record(string name)
    {
        if (Environment.GetEnvironmentVariable("LVX_TEST_TMP") is not { Length: > 0 })
        {
            return null;
        }

        var dir = System.IO.Path.Combine(TestPaths.Root, "libvirt-domains");
        Directory.CreateDirectory(dir);
        var file = System.IO.Path.Combine(dir, name);
        File.WriteAllText(file, string.Empty);
        return file;
    }

    private Task<ProcessResult> VirshAsync(params string[] args) =>
        ProcessRunner.RunAsync("virsh", ["-c", Uri, .. args], new ProcessRunOptions { ThrowOnFailure = true, Timeout = TimeSpan.FromSeconds(60) });
}
