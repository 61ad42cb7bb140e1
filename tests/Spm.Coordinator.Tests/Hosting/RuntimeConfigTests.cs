using System.Text.Json;

namespace Spm.Coordinator.Tests.Hosting;

/// <summary>
/// The coordinator's runtime settings for a mostly idle daemon (docs/benchmarks.md, Idle phase): they live in
/// Spm.Coordinator.csproj and reach the runtime through Spm.Coordinator.runtimeconfig.json, which is checked here.
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
    public void TieredCompilation_On_TheStandbyTakesOverWithQuickJit()
    {
        // Off saved idle CPU but slowed a takeover towards the 3 s failover target (Spm.Coordinator.csproj).
        var properties = Properties();
        Assert.True(!properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered) || tiered.GetBoolean());
    }

    [Fact]
    public void ThreadPool_DoesNotSpin()
    {
        Assert.Equal(0, Properties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
