using System.Globalization;

namespace LvExtend.TestSupport;

/// <summary>
/// Restarts the host's libvirtd (for the reconnect tests): SIGTERM to the pid in /run/libvirtd.pid, wait for
/// it to exit, <c>libvirtd -d</c>, wait for its socket. Running domains survive (qemu is not libvirtd's child
/// process tree once started). When scripts/lib/libvirt.sh started the old daemon (its pid is in
/// LVX_LIBVIRT_STATE/libvirt-started.pids), the new pid replaces it there, so the script still stops exactly
/// what it started.
/// </summary>
public static class LibvirtDaemon
{
    private const string PidFile = "/run/libvirtd.pid";
    private const string Socket = "/run/libvirt/libvirt-sock";

    public static async Task RestartAsync(TimeSpan timeout)
    {
        RequiredDependency.RequireRoot("restarting libvirtd");
        var oldPid = int.Parse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture);
        using (var process = System.Diagnostics.Process.GetProcessById(oldPid))
        {
            ProcessRunner.RunChecked("kill", "-TERM", oldPid.ToString(CultureInfo.InvariantCulture));
            await process.WaitForExitAsync(new CancellationTokenSource(timeout).Token).ConfigureAwait(false);
        }

        ProcessRunner.RunChecked("libvirtd", "-d");
        var deadline = DateTime.UtcNow + timeout;
        int newPid;
        while (!(File.Exists(Socket) && File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), CultureInfo.InvariantCulture, out newPid) && newPid != oldPid
                 && ProcessRunner.Run("virsh", ["-q", "-c", "qemu:///system", "version"]).Succeeded))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("libvirtd did not come back");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        if (Environment.GetEnvironmentVariable("LVX_LIBVIRT_STATE") is { Length: > 0 } state
            && Path.Combine(state, "libvirt-started.pids") is var record && File.Exists(record))
        {
            var old = $"libvirtd {oldPid}";
            var lines = File.ReadAllLines(record).Select(l => l.Trim() == old ? $"libvirtd {newPid}" : l).ToArray();
            File.WriteAllLines(record, lines);
        }
    }
}
