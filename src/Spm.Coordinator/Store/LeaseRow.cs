namespace Spm.Coordinator.Store;

/// <summary>What an acquisition or renewal returns: the epoch held and the expiry on the database clock.</summary>
/// <param name="Epoch">The epoch.</param>
/// <param name="ExpiresAt">The expiry (UTC).</param>
internal readonly record struct LeaseRow(long Epoch, DateTime ExpiresAt);
