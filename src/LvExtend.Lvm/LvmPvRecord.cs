namespace LvExtend.Lvm;

/// <summary>A PV as <c>pvs --units b</c> reports it.</summary>
/// <param name="Name">pv_name: the device path.</param>
/// <param name="VgName">vg_name (empty for an orphan PV).</param>
/// <param name="Uuid">pv_uuid.</param>
/// <param name="SizeBytes">pv_size.</param>
/// <param name="FreeBytes">pv_free.</param>
/// <param name="PeStartBytes">pe_start: the byte offset of extent 0 on the device.</param>
/// <param name="ExtentCount">pv_pe_count.</param>
public sealed record LvmPvRecord(string Name, string VgName, string Uuid, long SizeBytes, long FreeBytes, long PeStartBytes, long ExtentCount);
