namespace LvExtend.TestSupport;

/// <summary>A VG as reported by <c>vgs --units b</c>.</summary>
public sealed record VolumeGroupInfo(string Name, long SizeBytes, long FreeBytes, long SeqNo, long ExtentSizeBytes, int PhysicalVolumeCount);
