using System.CommandLine;
using Lvx.Commands.Coordinator;

namespace Lvx.Tests.Coordinator;

public sealed class AdminTokenTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Program.RunAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("status", "--token", "secret")]
    [InlineData("extend", "--token=secret")]
    [InlineData("policy", "set", "--host-request-burst", "3", "--token", "secret")]
    [InlineData("watch", "--once", "--token", "secret")]
    public async Task TokenOnCommandLine_Refused_NamesLvxTokenAndTokenFile(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Contains(AdminToken.CommandLineRefusal, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_File_TrimmedContent()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "  s3cret-token\n");

            Assert.Equal("s3cret-token", AdminToken.Resolve(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("one\ntwo\n")]
    public void Resolve_EmptyOrMultiLineFile_UsageException(string content)
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, content);

            var ex = Assert.Throws<UsageException>(() => AdminToken.Resolve(path));
            Assert.Contains("--token-file", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Status_MissingTokenFile_ExitCode2_OneLine()
    {
        var (exitCode, output, error) = await RunAsync("status", "--token-file", "/nonexistent/lvx-token", "--coordinator", "http://127.0.0.1:1");

        Assert.Equal(2, exitCode);
        Assert.Equal(string.Empty, output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("lvx: --token-file '/nonexistent/lvx-token' cannot be read: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPvHelp_ForceCarriesADataLossWarning()
    {
        var (exitCode, output, _) = await RunAsync("add-pv", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--force", output, StringComparison.Ordinal);
        Assert.Contains("DANGER, DESTROYS DATA", output, StringComparison.Ordinal);
        Assert.DoesNotContain("--token ", output, StringComparison.Ordinal);
    }
}
