namespace Hsm.Agent.Monitoring;

/// <summary>An extension request in flight for a drive.</summary>
/// <param name="RequestedBytes">The size asked for.</param>
/// <param name="Attempt">1 for the first request, more for retries.</param>
/// <param name="SentAt">When this attempt was sent.</param>
/// <param name="ExceededAt">When the drive became EXCEEDED.</param>
internal sealed record PendingExtension(long RequestedBytes, int Attempt, DateTimeOffset SentAt, DateTimeOffset ExceededAt);
