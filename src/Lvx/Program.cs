using System.CommandLine;
using Lvx.Commands;

namespace Lvx;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("lvx: inspect and administer LvExtend (mailbox, coordinator, agents).");
        MailboxCommands.AddTo(root);
        CoordinatorCommands.AddTo(root);
        AgentCommands.AddTo(root);
        return root.Parse(args).InvokeAsync();
    }
}
