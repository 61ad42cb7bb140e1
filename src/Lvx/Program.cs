using System.CommandLine;
using System.CommandLine.Invocation;
using Lvx.Commands;

namespace Lvx;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("lvx: inspect and administer LvExtend (mailbox, coordinator, agents).");
        MailboxCommands.AddTo(root);
        CoordinatorCommands.AddTo(root);
        AgentCommands.AddTo(root);
        WatchCommands.AddTo(root);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // One clear error line, not the whole help text.
            parseError.ShowHelp = false;
        }

        var exitCode = await parseResult.InvokeAsync();
        return parseResult.Errors.Count > 0 ? 2 : exitCode;
    }
}
