namespace LvExtend.Lvm;

/// <summary>An LV as <c>lvs --units b</c> reports it.</summary>
/// <param name="VgName">vg_name.</param>
/// <param name="Name">lv_name.</param>
/// <param name="Uuid">lv_uuid.</param>
/// <param name="SizeBytes">lv_size.</param>
/// <param name="Tags">lv_tags (lvm lists them sorted).</param>
public sealed record LvmLvRecord(string VgName, string Name, string Uuid, long SizeBytes, IReadOnlyList<string> Tags);
