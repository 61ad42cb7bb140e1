using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Spm.Coordinator.Tests.Hosting;

/// <summary>
/// The coordinator's runtime settings for a mostly idle daemon (docs/benchmarks.md, Idle phase): they live in
/// Spm.Coordinator.csproj and reach the runtime through Spm.Coordinator.runtimeconfig.json. The plain build's file
/// (next to these tests) is checked here, and what a publish gets by evaluating the project as dotnet publish does.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement Properties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Spm.Coordinator.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void TieredCompilation_OnInThePlainBuild()
    {
        // Off without R2R code slowed a takeover towards the 3 s failover target (Spm.Coordinator.csproj).
        var properties = Properties();
        Assert.True(!properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered) || tiered.GetBoolean());
    }

    [Theory]
    [InlineData("-p:RuntimeIdentifier=linux-x64")] // scripts/package.sh, the Dockerfile, scripts/bench.sh
    [InlineData("-p:_IsPublishing=true")] // dotnet publish without -r (the SDK then infers the runtime for R2R)
    public async Task Published_ReadyToRunWithTieredCompilationOn(string publishProperty)
    {
        // Off, the serving path kept its ReadyToRun code and the fence check was 0.3 ms slower p50 (Spm.Coordinator.csproj).
        var properties = await EvaluateAsync(publishProperty);

        Assert.Equal("true", properties.GetProperty("PublishReadyToRun").GetString());
        Assert.Equal("", properties.GetProperty("TieredCompilation").GetString());
    }

    [Fact]
    public async Task PlainBuild_LeavesTieredCompilationToTheRuntime()
    {
        var properties = await EvaluateAsync();

        Assert.Equal("", properties.GetProperty("TieredCompilation").GetString());
    }

    [Fact]
    public void ThreadPool_DoesNotSpin()
    {
        Assert.Equal(0, Properties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    /// <summary>Spm.Coordinator.csproj's properties as MSBuild evaluates them with <paramref name="globalProperties"/> (no build).</summary>
    private static async Task<JsonElement> EvaluateAsync(params string[] globalProperties)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        var start = new ProcessStartInfo(string.IsNullOrEmpty(host) || !File.Exists(host) ? "dotnet" : host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["msbuild", FindProject(), "-nologo", "-getProperty:TieredCompilation", "-getProperty:PublishReadyToRun", .. globalProperties])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"dotnet msbuild exited with {process.ExitCode}: {await output}{await error}");
        using var document = JsonDocument.Parse(await output);
        return document.RootElement.GetProperty("Properties").Clone();
    }

    // From this source file up (the binaries may live outside the tree: LVX_ARTIFACTS).
    private static string FindProject([CallerFilePath] string sourceFile = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(sourceFile) ?? "/"); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Spm.Coordinator", "Spm.Coordinator.csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Spm.Coordinator.csproj above " + sourceFile);
    }
}
