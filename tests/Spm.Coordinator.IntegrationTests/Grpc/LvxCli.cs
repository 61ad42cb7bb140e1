using LvExtend.TestSupport;

namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>
/// Runs the real lvx CLI (<c>dotnet lvx.dll ...</c>) as a child process. lvx.dll is taken from
/// LVX_CLI_DLL, else next to the test assembly, else from src/Lvx's build output of the same
/// configuration (artifacts layout or bin/&lt;Configuration&gt;/net10.0): build src/Lvx first.
/// </summary>
internal static class LvxCli
{
    public static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("LVX_CLI_DLL") is { Length: > 0 } explicitPath)
        {
            candidates.Add(explicitPath);
        }

        var baseDirectory = AppContext.BaseDirectory.TrimEnd('/');
        candidates.Add(Path.Combine(baseDirectory, "lvx.dll"));

        // Artifacts layout: <artifacts>/bin/Spm.Coordinator.IntegrationTests/<config>/ -> <artifacts>/bin/Lvx/<config>/.
        var config = Path.GetFileName(baseDirectory);
        var binRoot = Path.GetDirectoryName(Path.GetDirectoryName(baseDirectory));
        if (binRoot is not null)
        {
            candidates.Add(Path.Combine(binRoot, "Lvx", config, "lvx.dll"));
        }

        // Classic layout: tests/Spm.Coordinator.IntegrationTests/bin/<Config>/net10.0/ -> src/Lvx/bin/<Config>/net10.0/.
        var framework = Path.GetFileName(baseDirectory);
        var configuration = Path.GetFileName(Path.GetDirectoryName(baseDirectory));
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LvExtend.sln")) && configuration is not null)
            {
                candidates.Add(Path.Combine(dir.FullName, "src", "Lvx", "bin", configuration, framework, "lvx.dll"));
                break;
            }
        }

        var found = candidates.FirstOrDefault(c => File.Exists(c) && File.Exists(Path.ChangeExtension(c, ".runtimeconfig.json")));
        RequiredDependency.Require(found is not null, "the lvx CLI (lvx.dll)",
            $"Build src/Lvx/Lvx.csproj in the same configuration, or set LVX_CLI_DLL; looked in: {string.Join(", ", candidates)}");
        return found!;
    }

    /// <summary>Runs <c>lvx args...</c> with LVX_COORDINATOR and LVX_TOKEN removed from its environment.</summary>
    public static Task<ProcessResult> RunAsync(params string[] arguments) => RunWithTokenAsync(null, arguments);

    /// <summary>Runs <c>lvx args...</c> with LVX_TOKEN set to <paramref name="token"/> (lvx takes no token on the command line).</summary>
    public static Task<ProcessResult> RunWithTokenAsync(string? token, params string[] arguments)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            host = "dotnet";
        }

        return ProcessRunner.RunAsync(host, [Locate(), .. arguments], new ProcessRunOptions
        {
            Environment = new Dictionary<string, string?> { ["LVX_COORDINATOR"] = null, ["LVX_TOKEN"] = token },
            Timeout = TimeSpan.FromMinutes(2),
        });
    }
}
