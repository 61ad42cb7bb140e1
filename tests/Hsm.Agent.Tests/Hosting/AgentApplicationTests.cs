using Hsm.Agent.Hosting;

namespace Hsm.Agent.Tests.Hosting;

public sealed class AgentApplicationTests
{
    [Fact]
    public void WatchesConfigFile_DirectoryMissing_ReadsAtStartOnly()
    {
        var missing = Path.Combine(Path.GetTempPath(), "lvx-" + Guid.NewGuid().ToString("N"), "agent.json");

        Assert.False(AgentApplication.WatchesConfigFile(missing));
    }

    [Fact]
    public void WatchesConfigFile_DirectoryPresent_ReloadsLive()
    {
        var directory = Directory.CreateTempSubdirectory("lvx-agent-config-");
        try
        {
            Assert.True(AgentApplication.WatchesConfigFile(Path.Combine(directory.FullName, "agent.json")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
