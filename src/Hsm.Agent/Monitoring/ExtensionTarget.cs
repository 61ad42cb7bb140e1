namespace Hsm.Agent.Monitoring;

/// <summary>What one pass of a drive's extension loop asks for, as its <see cref="DriveMonitor"/> sized it.</summary>
/// <param name="Physical">The LV size the pass starts from.</param>
/// <param name="NextSize">The size to request.</param>
/// <param name="Watermark">The highest write offset seen.</param>
/// <param name="ExceededAt">When the drive became EXCEEDED.</param>
/// <param name="Improbable">The watermark lies beyond <paramref name="NextSize"/>: not believable, so not extended.</param>
internal readonly record struct ExtensionTarget(long Physical, long NextSize, long Watermark, DateTimeOffset ExceededAt, bool Improbable);
