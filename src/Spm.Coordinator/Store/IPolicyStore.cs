namespace Spm.Coordinator.Store;

/// <summary>The <c>policy</c> table: a pool's live settings as JSON.</summary>
internal interface IPolicyStore
{
    /// <summary>The stored settings, or null when none were ever set.</summary>
    Task<StoredPolicy?> ReadAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>Stores the settings; false when fenced out.</summary>
    Task<bool> WriteAsync(LeaseFence fence, string settingsJson, CancellationToken cancellationToken);
}

/// <summary>Stored settings and their version (grows by one at every change).</summary>
internal sealed record StoredPolicy(string SettingsJson, long Version);
