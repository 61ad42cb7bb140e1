namespace Spm.Coordinator.Extension;

/// <summary>A cap known without the cap factor: vdsm's own (<c>round_up(capacity x 1.1, MiB)</c>), with what it came from.</summary>
/// <param name="CapMib">The most the volume may grow to.</param>
/// <param name="Source">For the refusal detail, e.g. "vdsm capacity 1073741824 bytes x 1.1, metadata slot 4".</param>
internal readonly record struct VolumeCap(long CapMib, string Source);
