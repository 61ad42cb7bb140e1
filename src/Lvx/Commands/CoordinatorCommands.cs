using System.CommandLine;
using Lvx.Commands.Coordinator;

namespace Lvx.Commands;

/// <summary>
/// The coordinator's admin commands (gRPC, proto/admin.proto): status, hosts, requests, history, extend,
/// add-pv, policy get|set, step-down. Each lives in Commands/Coordinator/.
/// </summary>
internal static class CoordinatorCommands
{
    /// <summary>Adds this area's commands to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(HostsCommand.Create());
        root.Subcommands.Add(RequestsCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(ExtendCommand.Create());
        root.Subcommands.Add(AddPvCommand.Create());
        root.Subcommands.Add(PolicyCommand.Create());
        root.Subcommands.Add(StepDownCommand.Create());
    }
}
