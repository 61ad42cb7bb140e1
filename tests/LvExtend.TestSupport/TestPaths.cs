using System.Security.Cryptography;

namespace LvExtend.TestSupport;

/// <summary>
/// Names and directories for test resources. Everything lives under <see cref="Root"/> (the test
/// script's own work directory, <c>LVX_TEST_TMP</c>, else /tmp) as lvx-* so that the script's
/// leftover cleanup (scripts/lib/cleanup.sh) finds it and touches nothing of another run.
/// </summary>
public static class TestPaths
{
    /// <summary>Where test resources are created: <c>LVX_TEST_TMP</c> when set, else /tmp.</summary>
    public static string Root { get; } =
        Environment.GetEnvironmentVariable("LVX_TEST_TMP") is { Length: > 0 } root ? root : "/tmp";

    /// <summary>
    /// Records a started child's id under <see cref="Root"/>/pids so that the test script can end it by
    /// its id if the test host dies before disposing it; returns the file to delete once it has exited.
    /// </summary>
    public static string? RegisterPid(int pid)
    {
        if (Environment.GetEnvironmentVariable("LVX_TEST_TMP") is not { Length: > 0 })
        {
            return null;
        }

        var dir = Path.Combine(Root, "pids");
        Directory.CreateDirectory(dir);
        var file = Path.Combine(dir, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(file, string.Empty);
        return file;
    }

    /// <summary>A random lower-case suffix of <paramref name="length"/> letters and digits.</summary>
    public static string RandomSuffix(int length = 8) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>Creates a fresh directory &lt;Root&gt;/lvx-<paramref name="kind"/>-&lt;random&gt; and returns its path.</summary>
    public static string CreateTempDirectory(string kind)
    {
        var path = Path.Combine(Root, $"lvx-{kind}-{RandomSuffix()}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes a directory tree, ignoring errors.</summary>
    public static void DeleteDirectoryQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
    }
}
