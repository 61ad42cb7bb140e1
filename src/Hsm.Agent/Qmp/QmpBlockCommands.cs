using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hsm.Agent.Qmp;

/// <summary>Typed wrappers over the QMP commands the agent uses, and parsers for their replies.</summary>
internal static class QmpBlockCommands
{
    /// <summary><c>query-block</c>: the inserted devices.</summary>
    public static async Task<IReadOnlyList<QmpBlockDevice>> QueryBlockAsync(this QmpClient client, CancellationToken cancellationToken) =>
        ParseQueryBlock(await client.ExecuteAsync("query-block", null, cancellationToken));

    /// <summary><c>query-blockstats</c>: per device, the format node, its protocol child and the watermark.</summary>
    public static async Task<IReadOnlyList<QmpBlockStats>> QueryBlockStatsAsync(this QmpClient client, CancellationToken cancellationToken) =>
        ParseQueryBlockStats(await client.ExecuteAsync("query-blockstats", null, cancellationToken));

    /// <summary><c>query-named-block-nodes</c>: node name to (driver, file name).</summary>
    public static async Task<IReadOnlyDictionary<string, (string Driver, string FileName)>> QueryNamedNodesAsync(
        this QmpClient client, CancellationToken cancellationToken) =>
        ParseNamedNodes(await client.ExecuteAsync("query-named-block-nodes", new JsonObject { ["flat"] = true }, cancellationToken));

    /// <summary><c>query-status</c>.</summary>
    public static async Task<QmpVmStatus> QueryStatusAsync(this QmpClient client, CancellationToken cancellationToken) =>
        ParseStatus(await client.ExecuteAsync("query-status", null, cancellationToken));

    /// <summary><c>block-set-write-threshold</c> on a node (0 disables it).</summary>
    public static Task SetWriteThresholdAsync(this QmpClient client, string nodeName, long threshold, CancellationToken cancellationToken) =>
        client.ExecuteAsync("block-set-write-threshold", new JsonObject { ["node-name"] = nodeName, ["write-threshold"] = threshold }, cancellationToken);

    /// <summary><c>cont</c>: resume the VM.</summary>
    public static Task ContAsync(this QmpClient client, CancellationToken cancellationToken) =>
        client.ExecuteAsync("cont", null, cancellationToken);

    public static IReadOnlyList<QmpBlockDevice> ParseQueryBlock(JsonElement reply)
    {
        var devices = new List<QmpBlockDevice>();
        if (reply.ValueKind != JsonValueKind.Array)
        {
            return devices;
        }

        foreach (var entry in reply.EnumerateArray())
        {
            if (!entry.TryGetProperty("inserted", out var inserted) || inserted.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var virtualSize = inserted.TryGetProperty("image", out var image) && image.TryGetProperty("virtual-size", out var vs) ? vs.GetInt64() : 0;
            devices.Add(new QmpBlockDevice(
                String(entry, "device") ?? string.Empty,
                String(entry, "qdev"),
                String(inserted, "node-name") ?? string.Empty,
                String(inserted, "drv") ?? string.Empty,
                String(inserted, "file") ?? string.Empty,
                virtualSize,
                inserted.TryGetProperty("ro", out var ro) && ro.ValueKind == JsonValueKind.True));
        }

        return devices;
    }

    public static IReadOnlyList<QmpBlockStats> ParseQueryBlockStats(JsonElement reply)
    {
        var stats = new List<QmpBlockStats>();
        if (reply.ValueKind != JsonValueKind.Array)
        {
            return stats;
        }

        foreach (var entry in reply.EnumerateArray())
        {
            string? protocolNode = null;
            long highest = 0;
            if (entry.TryGetProperty("parent", out var parent) && parent.ValueKind == JsonValueKind.Object)
            {
                protocolNode = String(parent, "node-name");
                if (parent.TryGetProperty("stats", out var ps) && ps.TryGetProperty("wr_highest_offset", out var wr))
                {
                    highest = wr.GetInt64();
                }
            }

            stats.Add(new QmpBlockStats(String(entry, "device") ?? string.Empty, String(entry, "qdev"), String(entry, "node-name"), protocolNode, highest));
        }

        return stats;
    }

    public static IReadOnlyDictionary<string, (string Driver, string FileName)> ParseNamedNodes(JsonElement reply)
    {
        var nodes = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        if (reply.ValueKind != JsonValueKind.Array)
        {
            return nodes;
        }

        foreach (var entry in reply.EnumerateArray())
        {
            if (String(entry, "node-name") is { Length: > 0 } name)
            {
                nodes[name] = (String(entry, "drv") ?? string.Empty, String(entry, "file") ?? string.Empty);
            }
        }

        return nodes;
    }

    public static QmpVmStatus ParseStatus(JsonElement reply) =>
        new(String(reply, "status") ?? "unknown", reply.TryGetProperty("running", out var r) && r.ValueKind == JsonValueKind.True);

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
