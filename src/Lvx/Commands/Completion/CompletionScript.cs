using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;

namespace Lvx.Commands.Completion;

/// <summary>
/// Generates a static shell completion script from lvx's command tree: subcommands, options (hidden ones left
/// out), option values with a fixed set, and file names after options that take a path. The zsh script loads the
/// bash function through zsh's <c>bashcompinit</c>.
/// </summary>
internal static class CompletionScript
{
    /// <summary>The shells <c>lvx completion</c> knows.</summary>
    public static IReadOnlyList<string> Shells { get; } = ["bash", "zsh"];

    /// <summary>The script for <paramref name="shell"/> (<c>bash</c> or <c>zsh</c>).</summary>
    public static string For(string shell, RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        return shell switch
        {
            "bash" => "# bash completion for lvx. Install: lvx completion bash > /etc/bash_completion.d/lvx\n" + Bash(root),
            "zsh" => "#compdef lvx\n# zsh completion for lvx. Install: lvx completion zsh > \"${fpath[1]}/_lvx\"\n"
                + "autoload -U +X bashcompinit && bashcompinit\n" + Bash(root),
            _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash or zsh"),
        };
    }

    private static string Bash(RootCommand root)
    {
        var commands = new List<(string Path, Command Command)>();
        Walk("lvx", root, commands);
        var builder = new StringBuilder();
        builder.Append("_lvx() {\n");
        builder.Append("  local cur prev path i w words\n");
        builder.Append("  cur=\"${COMP_WORDS[COMP_CWORD]}\"\n");
        builder.Append("  prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        builder.Append("  path=lvx\n");
        builder.Append("  for ((i = 1; i < COMP_CWORD; i++)); do\n");
        builder.Append("    w=\"${COMP_WORDS[i]}\"\n");
        builder.Append("    case \"$path $w\" in\n");
        builder.Append("      ").Append(string.Join('|', commands.Skip(1).Select(c => Quote(c.Path)))).Append(") path=\"$path $w\" ;;\n");
        builder.Append("    esac\n");
        builder.Append("  done\n");

        var fileOptions = commands.SelectMany(c => c.Command.Options).Where(TakesPath).Select(o => o.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        var valueOptions = commands.SelectMany(c => c.Command.Options)
            .Where(o => !o.Hidden && o.ValueType != typeof(bool) && !TakesPath(o))
            .Select(o => (o.Name, Values: Values(o)))
            .Where(o => o.Values.Count > 0)
            .DistinctBy(o => o.Name)
            .ToList();
        builder.Append("  case \"$prev\" in\n");
        if (fileOptions.Count > 0)
        {
            builder.Append("    ").Append(string.Join('|', fileOptions)).Append(")\n");
            builder.Append("      COMPREPLY=( $(compgen -f -- \"$cur\") ); return 0 ;;\n");
        }

        foreach (var (name, values) in valueOptions)
        {
            builder.Append("    ").Append(name).Append(")\n");
            builder.Append("      COMPREPLY=( $(compgen -W ").Append(Quote(string.Join(' ', values))).Append(" -- \"$cur\") ); return 0 ;;\n");
        }

        builder.Append("  esac\n");
        builder.Append("  case \"$path\" in\n");
        foreach (var (path, command) in commands)
        {
            builder.Append("    ").Append(Quote(path)).Append(") words=").Append(Quote(string.Join(' ', Words(command, command == root)))).Append(" ;;\n");
        }

        builder.Append("  esac\n");
        builder.Append("  COMPREPLY=( $(compgen -W \"$words\" -- \"$cur\") )\n");
        builder.Append("}\n");
        builder.Append("complete -o default -F _lvx lvx\n");
        return builder.ToString();
    }

    private static void Walk(string path, Command command, List<(string Path, Command Command)> commands)
    {
        commands.Add((path, command));
        foreach (var sub in command.Subcommands.Where(s => !s.Hidden))
        {
            Walk(path + " " + sub.Name, sub, commands);
        }
    }

    private static IEnumerable<string> Words(Command command, bool isRoot)
    {
        var words = new List<string>();
        words.AddRange(command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name));
        foreach (var argument in command.Arguments.Where(a => !a.Hidden))
        {
            words.AddRange(argument.GetCompletions(CompletionContext.Empty).Select(c => c.Label));
        }

        words.AddRange(command.Options.Where(o => !o.Hidden && o.Name.StartsWith("--", StringComparison.Ordinal)).Select(o => o.Name));
        words.Add("--help");
        if (isRoot)
        {
            words.Add("--version");
        }

        return words.Distinct(StringComparer.Ordinal);
    }

    private static List<string> Values(Option option) =>
        [.. option.GetCompletions(CompletionContext.Empty).Select(c => c.Label).Where(l => !l.StartsWith('-'))];

    private static bool TakesPath(Option option) =>
        !option.Hidden && option.HelpName is "FILE" or "PATH" or "DIR";

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
