using System.Security.Cryptography;

namespace LvExtend.TestSupport;

/// <summary>
/// Names and directories for test resources. Everything lives under /tmp/lvx-* so that the test
/// script's leftover cleanup (scripts/lib/cleanup.sh) finds it.
/// </summary>
public static class TestPaths
{
    /// <summary>A random lower-case suffix of <paramref name="length"/> letters and digits.</summary>
    public static string RandomSuffix(int length = 8) =>
        RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>Creates a fresh directory /tmp/lvx-<paramref name="kind"/>-&lt;random&gt; and returns its path.</summary>
    public static string CreateTempDirectory(string kind)
    {
        var path = Path.Combine("/tmp", $"lvx-{kind}-{RandomSuffix()}");
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
