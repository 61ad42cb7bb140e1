using System.Globalization;
using System.Net;
using System.Net.Sockets;
using LvExtend.TestSupport;

namespace Spm.Coordinator.IntegrationTests.FaultInjection;

/// <summary>
/// A PostgreSQL 15 server of the fault-injection test's own (initdb + pg_ctl, as scripts/lib/pg.sh does), so that it can
/// be restarted without disturbing the server other tests share. Dispose stops it (immediate) and removes its directory.
/// </summary>
internal sealed class OwnPostgres : IAsyncDisposable
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _directory;
    private readonly int _port;

    private OwnPostgres(string directory, int port)
    {
        _directory = directory;
        _port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=5;Command Timeout=30";
    }

    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_directory, "data");

    public static async Task<OwnPostgres> StartAsync()
    {
        RequiredDependency.Require(File.Exists(Path.Combine(BinDirectory, "pg_ctl")), "PostgreSQL 15 (pg_ctl)", $"install postgresql-15 ({BinDirectory})");
        var directory = TestPaths.CreateTempDirectory("fault-pg");
        var server = new OwnPostgres(directory, TcpPorts.NextFree());
        try
        {
            if (Environment.UserName == "root")
            {
                (await ProcessRunner.RunAsync("chown", ["postgres:", directory])).EnsureSuccess();
            }

            (await RunAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale")).EnsureSuccess();
            (await server.PgCtlAsync("start")).EnsureSuccess();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>pg_ctl restart -m fast: every session is cut, the server is back when this returns.</summary>
    public async Task RestartAsync() => (await PgCtlAsync("restart", "-m", "fast")).EnsureSuccess();

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(DataDirectory))
        {
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "30", "stop");
        }

        TestPaths.DeleteDirectoryQuietly(_directory);
    }

    private Task<ProcessResult> PgCtlAsync(string action, params string[] extra)
    {
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-p {_port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200");
        return RunAsync("pg_ctl", [.. new[] { "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60", "-o", options, action }, .. extra]);
    }

    private static Task<ProcessResult> RunAsync(string tool, params string[] arguments)
    {
        var path = Path.Combine(BinDirectory, tool);
        var options = new ProcessRunOptions { Timeout = CommandTimeout };
        return Environment.UserName == "root"
            ? ProcessRunner.RunAsync("runuser", [.. new[] { "-u", "postgres", "--", path }, .. arguments], options)
            : ProcessRunner.RunAsync(path, arguments, options);
    }
}
