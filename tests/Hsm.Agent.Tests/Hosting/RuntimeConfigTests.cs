using System.Text.Json;

namespace Hsm.Agent.Tests.Hosting;

/// <summary>
/// The agent's runtime settings for a mostly idle daemon (docs/benchmarks.md, Idle phase): they live in
/// Hsm.Agent.csproj and reach the runtime through Hsm.Agent.runtimeconfig.json, which is checked here.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonElement Properties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Hsm.Agent.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void TieredCompilation_Off_NoJitWorkWhileIdle()
    {
        Assert.False(Properties().GetProperty("System.Runtime.TieredCompilation").GetBoolean());
    }

    [Fact]
    public void ThreadPool_DoesNotSpin()
    {
        Assert.Equal(0, Properties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
