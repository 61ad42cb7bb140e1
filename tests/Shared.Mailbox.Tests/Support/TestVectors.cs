using System.Globalization;
using System.Text.Json;
using LvExtend.TestSupport;

namespace Shared.Mailbox.Tests.Support;

/// <summary>
/// The bytes the reference wrote, in ../shared/test-vectors/vdsm-mailbox/ next to the repository
/// (<see cref="TestPaths.SharedTestVectors"/>).
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

    private static string Locate()
    {
        var vectors = TestPaths.SharedTestVectors("vdsm-mailbox");
        if (!File.Exists(Path.Combine(vectors, "messages.json")))
        {
            throw new InvalidOperationException(
                $"The reference test vectors are missing: expected {vectors}/messages.json (../shared/test-vectors/vdsm-mailbox/ beside the repository {TestPaths.RepositoryRoot}).");
        }

        return vectors;
    }
}
