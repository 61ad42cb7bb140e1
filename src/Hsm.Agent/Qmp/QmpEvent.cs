using System.Text.Json;

namespace Hsm.Agent.Qmp;

/// <summary>An asynchronous QMP event, e.g. <c>BLOCK_WRITE_THRESHOLD</c>, <c>BLOCK_IO_ERROR</c>, <c>STOP</c>.</summary>
/// <param name="Name">The event name.</param>
/// <param name="Data">The event's <c>data</c> member (an empty object when absent); detached from the parsed document.</param>
/// <param name="ReceivedAt">When the reader received it (agent clock).</param>
internal sealed record QmpEvent(string Name, JsonElement Data, DateTimeOffset ReceivedAt)
{
    /// <summary>A string member of <see cref="Data"/>, or null.</summary>
    public string? GetString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>An integer member of <see cref="Data"/>, or null.</summary>
    public long? GetInt64(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetInt64()
            : null;

    /// <summary>A boolean member of <see cref="Data"/>, false when absent.</summary>
    public bool GetBoolean(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
