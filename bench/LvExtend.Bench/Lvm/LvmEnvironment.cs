using System.Globalization;

namespace LvExtend.Bench.Lvm;

/// <summary>
/// Points every lvm command of this process and its children (the coordinator's included) at a private
/// configuration directory: LVM's defaults, except that the metadata archive and backups go under the run's
/// directory (so that nothing is left in /etc/lvm) with the reference's retention (vdsm: retain_min 50,
/// retain_days 0). Archiving stays on: every lvextend pays for it, as it does in production.
/// </summary>
internal static class LvmEnvironment
{
    /// <summary>Writes <c>lvm.conf</c> into <paramref name="directory"/> and sets LVM_SYSTEM_DIR for this process.</summary>
    public static void Configure(string directory)
    {
        Directory.CreateDirectory(directory);
        var archive = Path.Combine(directory, "archive");
        var backup = Path.Combine(directory, "backup");
        Directory.CreateDirectory(archive);
        Directory.CreateDirectory(backup);
        var config = string.Create(CultureInfo.InvariantCulture, $$"""
            # Written by LvExtend.Bench: LVM defaults, archive and backups kept in the benchmark's directory.
            backup {
                backup = 1
                backup_dir = "{{backup}}"
                archive = 1
                archive_dir = "{{archive}}"
                retain_min = 50
                retain_days = 0
            }

            """);
        File.WriteAllText(Path.Combine(directory, "lvm.conf"), config);
        Environment.SetEnvironmentVariable("LVM_SYSTEM_DIR", directory);
        Environment.SetEnvironmentVariable("LVM_SUPPRESS_FD_WARNINGS", "1");
    }
}
