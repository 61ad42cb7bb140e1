using System.Text.Json.Serialization;

namespace LvExtend.TestSupport.Vdsm;

/// <summary>A <c>volumes-vN.json</c>.</summary>
public sealed record VdsmVectorDomain(
    [property: JsonPropertyName("domain")] string DomainId,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("slot_base")] long SlotBase,
    [property: JsonPropertyName("slot_size")] int SlotSize,
    [property: JsonPropertyName("vg_tags")] IReadOnlyList<string> VgTags,
    [property: JsonPropertyName("volumes")] IReadOnlyList<VdsmVectorVolume> Volumes);
