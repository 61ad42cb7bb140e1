using System.Globalization;
using LvExtend.Bench.Measurement;
using LvExtend.TestSupport;
using Npgsql;

namespace LvExtend.Bench.Report;

/// <summary>What the benchmark ran on.</summary>
internal sealed record MachineInfo(
    string Cpu, int Cores, string Kernel, double MemoryGiB, string Lvm, string Postgres, string Dotnet, string LoadAverageAtStart)
{
    public static async Task<MachineInfo> ReadAsync(string postgresConnectionString, CancellationToken cancellationToken)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            ?? "unknown";
        var memKib = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var lvm = (await ProcessRunner.RunAsync("lvm", ["version"], cancellationToken: cancellationToken)).StandardOutput
            .Split('\n').FirstOrDefault(l => l.Contains("LVM version", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        string postgres;
        await using (var dataSource = NpgsqlDataSource.Create(postgresConnectionString))
        {
            await using var command = dataSource.CreateCommand("SHOW server_version");
            postgres = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return new MachineInfo(
            cpu,
            Environment.ProcessorCount,
            File.ReadAllText("/proc/sys/kernel/osrelease").Trim(),
            Math.Round(long.Parse(memKib, CultureInfo.InvariantCulture) / 1024.0 / 1024, 1),
            lvm,
            postgres,
            Environment.Version.ToString(),
            ProcessStats.LoadAverage());
    }
}
