using System.Text.Json;

namespace LvExtend.TestSupport.Vdsm;

/// <summary>
/// One set of vdsm volume-metadata vectors written by the reference (<c>volumes-vN.json</c> + <c>metadata-vN.bin</c>)
/// from the directory <c>LVX_VDSM_MD_DIR</c>, or by default <c>../shared/test-vectors/vdsm-volume-metadata</c> beside
/// the repository (the nearest ancestor of the repository that has it). Every expectation comes from the JSON.
/// </summary>
public sealed record VdsmVectorSet(string Name, VdsmVectorDomain Domain, byte[] Metadata)
{
    public const string DirectoryVariable = "LVX_VDSM_MD_DIR";

    /// <summary>The vector directory (it may not exist: the tests that need it then fail, naming it).</summary>
    public static string Directory
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Path.GetFullPath(configured);
            }

            return TestPaths.SharedTestVectors("vdsm-volume-metadata");
        }
    }

    /// <summary>The names of the sets in <see cref="Directory"/> (<c>v4</c> for <c>volumes-v4.json</c>).</summary>
    public static IReadOnlyList<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "volumes-*.json")
                .Select(f => Path.GetFileNameWithoutExtension(f)["volumes-".Length..])
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];

    /// <summary>The set named <paramref name="name"/>.</summary>
    public static VdsmVectorSet Load(string name)
    {
        var json = File.ReadAllText(Path.Combine(Directory, $"volumes-{name}.json"));
        var domain = JsonSerializer.Deserialize<VdsmVectorDomain>(json)
            ?? throw new InvalidDataException($"volumes-{name}.json is empty");
        return new VdsmVectorSet(name, domain, File.ReadAllBytes(Path.Combine(Directory, $"metadata-{name}.bin")));
    }

    /// <summary>The bytes of slot <paramref name="volume"/>.Slot as the JSON places it (slot_base + slot * slot_size).</summary>
    public byte[] SlotBytes(VdsmVectorVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        var offset = checked((int)(Domain.SlotBase + ((long)volume.Slot * Domain.SlotSize)));
        return Metadata.AsSpan(offset, Math.Min(Domain.SlotSize, Metadata.Length - offset)).ToArray();
    }
}
