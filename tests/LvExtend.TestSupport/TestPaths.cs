using System.Reflection;
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

    /// <summary>
    /// The repository (the directory holding LvExtend.sln): from <c>LVX_ROOT</c>, else the source directory this
    /// support library was built from (binaries may live outside the tree), else above the test binaries or the
    /// working directory.
    /// </summary>
    public static string RepositoryRoot => LazyRepositoryRoot.Value;

    private static readonly Lazy<string> LazyRepositoryRoot = new(LocateRepositoryRoot);

    /// <summary>
    /// <c>shared/test-vectors/&lt;set&gt;</c> in the nearest ancestor of the repository that has it (a git worktree sits
    /// deeper than the main checkout), else <c>../shared/test-vectors/&lt;set&gt;</c> beside the repository (which may not
    /// exist: the tests that need it then fail, naming it).
    /// </summary>
    public static string SharedTestVectors(string set)
    {
        var relative = Path.Combine("shared", "test-vectors", set);
        for (var dir = Path.GetDirectoryName(RepositoryRoot); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, relative);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(Path.Combine(RepositoryRoot, "..", relative));
    }

    private static string LocateRepositoryRoot()
    {
        var project = typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        string?[] starts =
        [
            Environment.GetEnvironmentVariable("LVX_ROOT"), project, AppContext.BaseDirectory, Environment.CurrentDirectory,
        ];
        foreach (var start in starts.OfType<string>().Where(s => s.Length > 0))
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LvExtend.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository (LvExtend.sln) above {string.Join(", ", starts.OfType<string>().Where(s => s.Length > 0))}.");
    }
}
