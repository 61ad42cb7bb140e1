using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Shared.Mailbox.Tests.Support;

/// <summary>
/// The bytes the reference wrote, in ../shared/test-vectors/vdsm-mailbox/ next to the repository (found by walking
/// up from the test binaries to LvExtend.sln).
/// </summary>
public static class TestVectors
{
    private static readonly Lazy<string> LazyDirectory = new(Locate);

    /// <summary>The vectors directory; throws with a clear message when it is missing.</summary>
    public static string Directory => LazyDirectory.Value;

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(Path.Combine(Directory, name));

    public static JsonDocument ReadJson(string name) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, name)));

    /// <summary>messages.json: (domain, volume, size, the 64 bytes).</summary>
    public static IReadOnlyList<(ExtendMessage Message, byte[] Bytes)> Messages()
    {
        using var json = ReadJson("messages.json");
        return json.RootElement.GetProperty("messages").EnumerateArray()
            .Select(m => (
                new ExtendMessage(
                    Guid.Parse(m.GetProperty("domain").GetString()!),
                    Guid.Parse(m.GetProperty("volume").GetString()!),
                    m.GetProperty("size_mib").GetUInt64()),
                Convert.FromHexString(m.GetProperty("hex").GetString()!)))
            .ToList();
    }

    /// <summary>checksums.json: (4092 data bytes, the 4 stored checksum bytes).</summary>
    public static IReadOnlyList<(byte[] Data, byte[] Checksum)> Checksums()
    {
        using var json = ReadJson("checksums.json");
        return json.RootElement.EnumerateArray()
            .Select(c => (Convert.FromHexString(c.GetProperty("block_hex").GetString()!), Convert.FromHexString(c.GetProperty("checksum_le_hex").GetString()!)))
            .ToList();
    }

    /// <summary>inbox.json: max hosts and, per host id, the pending requests in slot order.</summary>
    public static (int MaxHosts, IReadOnlyDictionary<int, IReadOnlyList<ExtendMessage>> Hosts) Inbox()
    {
        using var json = ReadJson("inbox.json");
        var hosts = new Dictionary<int, IReadOnlyList<ExtendMessage>>();
        foreach (var host in json.RootElement.GetProperty("hosts").EnumerateObject())
        {
            hosts[int.Parse(host.Name, CultureInfo.InvariantCulture)] = host.Value.EnumerateArray()
                .Select(m => new ExtendMessage(
                    Guid.Parse(m.GetProperty("domain").GetString()!),
                    Guid.Parse(m.GetProperty("volume").GetString()!),
                    m.GetProperty("size_mib").GetUInt64()))
                .ToList();
        }

        return (json.RootElement.GetProperty("max_hosts").GetInt32(), hosts);
    }

    /// <summary>outbox.json: the volume answered with size 0 and the succeeded volume sizes.</summary>
    public static (Guid FailedVolume, IReadOnlyDictionary<Guid, ulong> Succeeded) Outbox()
    {
        using var json = ReadJson("outbox.json");
        var succeeded = json.RootElement.GetProperty("succeeded").EnumerateObject()
            .ToDictionary(p => Guid.Parse(p.Name), p => p.Value.GetUInt64());
        return (Guid.Parse(json.RootElement.GetProperty("failed_volume").GetString()!), succeeded);
    }

    /// <summary>The repository root: the first directory holding LvExtend.sln above the binaries, the working directory or the project.</summary>
    public static string RepositoryRoot => LazyRoot.Value;

    private static readonly Lazy<string> LazyRoot = new(LocateRoot);

    private static string LocateRoot()
    {
        var projectDirectory = typeof(TestVectors).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        string?[] starts = [AppContext.BaseDirectory, Environment.CurrentDirectory, projectDirectory];
        foreach (var start in starts.OfType<string>())
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LvExtend.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"Cannot find the repository root (LvExtend.sln) above {string.Join(", ", starts.OfType<string>())}; the test vectors live at ../shared/test-vectors/vdsm-mailbox/ beside it.");
    }

    private static string Locate()
    {
        var directory = new DirectoryInfo(RepositoryRoot);
        var vectors = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "test-vectors", "vdsm-mailbox"));

        // A git worktree sits one level deeper (../wt/NAME): the nearest ancestor's shared/ counts too.
        for (var parent = directory.Parent; parent is not null && !File.Exists(Path.Combine(vectors, "messages.json")); parent = parent.Parent)
        {
            var candidate = Path.Combine(parent.FullName, "shared", "test-vectors", "vdsm-mailbox");
            if (File.Exists(Path.Combine(candidate, "messages.json")))
            {
                vectors = candidate;
            }
        }

        if (!File.Exists(Path.Combine(vectors, "messages.json")))
        {
            throw new InvalidOperationException(
                $"The reference test vectors are missing: expected {vectors}/messages.json (../shared/test-vectors/vdsm-mailbox/ beside the repository {directory.FullName}).");
        }

        return vectors;
    }
}
