using System.CommandLine;
using System.Diagnostics;
using LvExtend.TestSupport;
using Lvx.Commands;

namespace Lvx.Tests.Support;

/// <summary>Runs lvx mailbox commands in process (or as the real binary) and captures exit code, stdout, stderr.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static async Task<Result> RunAsync(params string[] args)
    {
        var root = new RootCommand("lvx");
        MailboxCommands.AddTo(root);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs the built lvx.dll in a child process: the real exit code and streams.</summary>
    public static async Task<Result> RunProcessAsync(params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "lvx.dll"));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>../shared/test-vectors/vdsm-mailbox beside the repository (<see cref="TestPaths.SharedTestVectors"/>).</summary>
    public static string VectorsDirectory
    {
        get
        {
            var vectors = TestPaths.SharedTestVectors("vdsm-mailbox");
            return File.Exists(Path.Combine(vectors, "inbox.bin"))
                ? vectors
                : throw new InvalidOperationException($"The reference test vectors are missing: expected {vectors}/inbox.bin.");
        }
    }

    public static string Vector(string name) => Path.Combine(VectorsDirectory, name);
}
