using System.Text.Json.Serialization;

namespace LvExtend.TestSupport.Vdsm;

/// <summary>One volume of a <c>volumes-vN.json</c>.</summary>
public sealed record VdsmVectorVolume(
    [property: JsonPropertyName("volume")] string Volume,
    [property: JsonPropertyName("image")] string Image,
    [property: JsonPropertyName("parent")] string Parent,
    [property: JsonPropertyName("slot")] int Slot,
    [property: JsonPropertyName("capacity_bytes")] long CapacityBytes,
    [property: JsonPropertyName("cap_mib")] long CapMib,
    [property: JsonPropertyName("lv_tags")] IReadOnlyList<string> LvTags);
