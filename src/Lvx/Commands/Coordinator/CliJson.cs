using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lvx.Commands.Coordinator;

/// <summary>The JSON the coordinator commands print with --json: camelCase, indented, enums as kebab-case strings.</summary>
internal static class CliJson
{
    /// <summary>The serializer options (shared: they cache metadata).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document followed by a newline.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
    }
}
