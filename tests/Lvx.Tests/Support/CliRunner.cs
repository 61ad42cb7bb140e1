using System.CommandLine;
using System.Diagnostics;
using System.Reflection;
using Lvx.Commands;

namespace Lvx.Tests.Mailbox;

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

    /// <summary>../shared/test-vectors/vdsm-mailbox beside the repository (found by walking up to LvExtend.sln).</summary>
    public static string VectorsDirectory
    {
        get
        {
            var projectDirectory = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
            string?[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, projectDirectory];
            foreach (var start in starts.OfType<string>())
            {
                for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
                {
                    if (File.Exists(Path.Combine(directory.FullName, "LvExtend.sln")))
                    {
                        var vectors = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "test-vectors", "vdsm-mailbox"));

                        // A git worktree sits one level deeper (../wt/NAME): the nearest ancestor's shared/ counts too.
                        for (var parent = directory.Parent; parent is not null; parent = parent.Parent)
                        {
                            var candidate = Path.Combine(parent.FullName, "shared", "test-vectors", "vdsm-mailbox");
                            if (File.Exists(Path.Combine(candidate, "inbox.bin")))
                            {
                                return candidate;
                            }
                        }

                        throw new InvalidOperationException($"The reference test vectors are missing: expected {vectors}/inbox.bin.");
                    }
                }
            }

            throw new InvalidOperationException("Cannot find the repository root (LvExtend.sln) to locate ../shared/test-vectors.");
        }
    }

    public static string Vector(string name) => Path.Combine(VectorsDirectory, name);
}
