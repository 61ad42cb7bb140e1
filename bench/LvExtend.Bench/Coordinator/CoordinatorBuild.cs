using System.Reflection.PortableExecutable;
using System.Text.Json;
using LvExtend.TestSupport;

namespace LvExtend.Bench.Coordinator;

/// <summary>Which coordinator build the benchmark runs: read from its Spm.Coordinator.dll and runtimeconfig.json.</summary>
/// <param name="Directory">Where it is.</param>
/// <param name="ReadyToRun">Whether Spm.Coordinator.dll carries ReadyToRun (precompiled) code.</param>
/// <param name="TieredCompilation">Whether its runtimeconfig.json leaves tiered compilation on (the runtime's default).</param>
internal sealed record CoordinatorBuild(string Directory, bool ReadyToRun, bool TieredCompilation)
{
    /// <summary>The build in <paramref name="directory"/> (null: next to this program).</summary>
    public static CoordinatorBuild Read(string? directory)
    {
        var dll = DotnetApp.Locate("Spm.Coordinator", directory);
        bool readyToRun;
        using (var stream = File.OpenRead(dll))
        using (var pe = new PEReader(stream))
        {
            // A ReadyToRun image points its CLI header's managed native header at the READYTORUN_HEADER.
            readyToRun = pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
        }

        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(dll, ".runtimeconfig.json")));
        var tiered = !config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            || !properties.TryGetProperty("System.Runtime.TieredCompilation", out var value)
            || value.GetBoolean();
        return new CoordinatorBuild(Path.GetDirectoryName(dll)!, readyToRun, tiered);
    }

    /// <summary>E.g. "ReadyToRun, tiered compilation off, in /path".</summary>
    public string Describe() =>
        $"{(ReadyToRun ? "ReadyToRun" : "no ReadyToRun code (JIT only)")}, tiered compilation {(TieredCompilation ? "on" : "off")}, in {Directory}";
}
