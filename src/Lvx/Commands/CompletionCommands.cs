using System.CommandLine;
using Lvx.Commands.Completion;

namespace Lvx.Commands;

/// <summary><c>lvx completion bash|zsh</c>: prints a shell completion script for the whole command tree.</summary>
internal static class CompletionCommands
{
    /// <summary>Adds <c>completion</c> to the root command (add it last: the script covers what is there).</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var shell = new Argument<string>("shell") { Description = "The shell: bash or zsh." };
        shell.AcceptOnlyFromAmong([.. CompletionScript.Shells]);
        var command = new Command("completion", "Print a shell completion script: eval \"$(lvx completion bash)\", or save it to /etc/bash_completion.d/lvx.")
        {
            shell,
        };
        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.Write(CompletionScript.For(parseResult.GetValue(shell)!, root));
            return 0;
        });
        root.Subcommands.Add(command);
    }
}
