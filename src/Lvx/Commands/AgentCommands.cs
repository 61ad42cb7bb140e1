using System.CommandLine;
using Lvx.Commands.Agent;

namespace Lvx.Commands;

/// <summary>The agent's commands (gRPC, proto/agent.proto): agent-status. Each lives in Commands/Agent/.</summary>
internal static class AgentCommands
{
    /// <summary>Adds this area's commands to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(AgentStatusCommand.Create());
    }
}
