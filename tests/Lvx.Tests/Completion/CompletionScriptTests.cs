using System.CommandLine;
using System.Diagnostics;
using Lvx.Commands.Completion;

namespace Lvx.Tests.Completion;

public sealed class CompletionScriptTests
{
    private static RootCommand Root() => Program.BuildRoot();

    /// <summary>Sources the script in a real bash, completes <paramref name="line"/> (the last word is the one being typed).</summary>
    private static async Task<string[]> CompleteAsync(string shell, params string[] words)
    {
        var script = CompletionScript.For(shell, Root());
        var path = Path.Combine(Path.GetTempPath(), $"lvx-completion-{Guid.NewGuid():N}.bash");
        await File.WriteAllTextAsync(path, shell == "zsh" ? script.Replace("autoload -U +X bashcompinit && bashcompinit\n", string.Empty, StringComparison.Ordinal) : script);
        try
        {
            var quoted = string.Join(' ', words.Select(w => "'" + w + "'"));
            var program = $"source '{path}'; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _lvx; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
            var startInfo = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            startInfo.ArgumentList.Add("--norc");
            startInfo.ArgumentList.Add("-c");
            startInfo.ArgumentList.Add(program);
            using var process = Process.Start(startInfo)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, error);
            Assert.Equal(string.Empty, error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bash_TopLevel_CompletesSubcommands()
    {
        var words = await CompleteAsync("bash", "lvx", "");

        Assert.Contains("status", words);
        Assert.Contains("watch", words);
        Assert.Contains("completion", words);
        Assert.Contains("--version", words);
    }

    [Fact]
    public async Task Bash_AddPvPrefix_CompletesForceAndTokenFileNeverToken()
    {
        var words = await CompleteAsync("bash", "lvx", "add-pv", "--");

        Assert.Contains("--force", words);
        Assert.Contains("--token-file", words);
        Assert.DoesNotContain("--token", words);
    }

    [Fact]
    public async Task Bash_NestedCommandAndArgumentValues()
    {
        var policy = await CompleteAsync("bash", "lvx", "policy", "s");
        var shells = await CompleteAsync("zsh", "lvx", "completion", "");

        Assert.Equal(["set"], policy);
        Assert.Contains("bash", shells);
        Assert.Contains("zsh", shells);
    }

    [Fact]
    public void For_Zsh_IsACompdefScriptOnBashcompinit()
    {
        var script = CompletionScript.For("zsh", Root());

        Assert.StartsWith("#compdef lvx\n", script, StringComparison.Ordinal);
        Assert.Contains("bashcompinit", script, StringComparison.Ordinal);
        Assert.EndsWith("complete -o default -F _lvx lvx\n", script, StringComparison.Ordinal);
    }
}
