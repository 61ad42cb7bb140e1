namespace LvExtend.TestSupport;

/// <summary>
/// Starts one of the project's daemons (e.g. Spm.Coordinator) as a real child process. A test project
/// that has a ProjectReference to the daemon gets its .dll, .deps.json and .runtimeconfig.json copied
/// next to the test assembly; this finds them there, or in a directory given (e.g. a <c>dotnet publish</c> output).
/// </summary>
public static class DotnetApp
{
    /// <summary>
    /// The full path of <paramref name="assemblyName"/>.dll in <paramref name="directory"/> (null: next to the test
    /// assembly); throws if absent.
    /// </summary>
    public static string Locate(string assemblyName, string? directory = null)
    {
        directory ??= AppContext.BaseDirectory;
        var path = Path.GetFullPath(Path.Combine(directory, assemblyName + ".dll"));
        if (!File.Exists(path) || !File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")))
        {
            throw new FileNotFoundException(
                $"{assemblyName}.dll (with its runtimeconfig.json) is not in {directory}"
                + (directory == AppContext.BaseDirectory ? ": add a ProjectReference to it in the test project." : "."),
                path);
        }

        return path;
    }

    /// <summary>
    /// Starts <c>dotnet &lt;assemblyName&gt;.dll args...</c> (the same dotnet host that runs the tests), from
    /// <paramref name="directory"/> (null: next to the test assembly), by default with that directory as the working
    /// directory (where the app reads its appsettings.json).
    /// </summary>
    public static ManagedProcess Start(string assemblyName, IEnumerable<string> arguments, ManagedProcessOptions? options = null, string? directory = null)
    {
        var dll = Locate(assemblyName, directory);
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) || !File.Exists(host))
        {
            host = "dotnet";
        }

        options ??= new ManagedProcessOptions();
        return ManagedProcess.Start(
            host,
            [dll, .. arguments],
            new ManagedProcessOptions
            {
                Environment = options.Environment,
                WorkingDirectory = options.WorkingDirectory ?? Path.GetDirectoryName(dll),
                Output = options.Output,
                Name = options.Name ?? assemblyName,
                DisposeTimeout = options.DisposeTimeout,
            });
    }
}
