using Spm.Coordinator.Admin;

namespace Spm.Coordinator.Store;

/// <summary>
/// The reads of the audit trail and the host table behind the admin API. They take no fence (they change
/// nothing) and work on every instance, leader or not; the writes are <see cref="IRequestStore"/>.
/// </summary>
internal interface IRequestReader
{
    /// <summary>The newest requests of a pool that match <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<ExtendRequestRecord>> ListRequestsAsync(string poolId, RequestQuery query, CancellationToken cancellationToken);

    /// <summary>The newest state changes of a pool (of one volume when given), newest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string poolId, Guid? volumeId, int limit, CancellationToken cancellationToken);

    /// <summary>How many requests of a pool are in each state (states without requests are left out).</summary>
    Task<IReadOnlyList<RequestStateCount>> CountByStateAsync(string poolId, CancellationToken cancellationToken);

    /// <summary>The hosts that wrote to the pool's mailbox, by host id.</summary>
    Task<IReadOnlyList<HostSummary>> ListHostsAsync(string poolId, CancellationToken cancellationToken);
}
