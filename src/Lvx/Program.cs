using System.CommandLine;
using System.CommandLine.Invocation;
using Lvx.Commands;

namespace Lvx;

internal static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, new InvocationConfiguration());

    /// <summary>The whole command tree.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("lvx: inspect and administer LvExtend (mailbox, coordinator, agents).");
        MailboxCommands.AddTo(root);
        CoordinatorCommands.AddTo(root);
        AgentCommands.AddTo(root);
        WatchCommands.AddTo(root);
        CompletionCommands.AddTo(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>: exit code 2 and one error line per problem for a bad command line.</summary>
    public static async Task<int> RunAsync(string[] args, InvocationConfiguration configuration)
    {
        var parseResult = BuildRoot().Parse(args);
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // One clear error line, not the whole help text.
            parseError.ShowHelp = false;
        }

        var exitCode = await parseResult.InvokeAsync(configuration);
        return parseResult.Errors.Count > 0 ? 2 : exitCode;
    }
}
