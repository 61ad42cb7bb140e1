using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>Fenced writes with a short retry; a refused write ends the term, a dead database too.</summary>
internal sealed partial class VolumeGroupWorker
{
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(750)];

    private async Task<long> RecordNewAsync(NewExtendRequest request, RequestClock clock)
    {
        var start = clock.Now();
        var id = await WithRetryAsync(ct => _services.Requests.InsertAsync(_term.Fence, request, ct), "insert request");
        clock.Record += clock.Since(start);
        return id ?? throw Fenced("insert request");
    }

    private async Task RecordTransitionAsync(long id, RequestTransition transition, RequestClock clock)
    {
        var start = clock.Now();
        var changed = await WithRetryAsync(ct => _services.Requests.TransitionAsync(_term.Fence, id, transition, ct), "update request");
        clock.Record += clock.Since(start);
        if (!changed)
        {
            throw Fenced("update request");
        }
    }

    /// <summary>Keeps the volume registry (LV name, size, capacity) current; off the reply path.</summary>
    private async Task RecordVolumeAsync(Guid volumeId, string lvName, long sizeBytes)
    {
        var capacity = _lvs.TryGetValue(lvName, out var lv) ? lv.CapacityMib ?? RegistryCapacityOf(volumeId) : RegistryCapacityOf(volumeId);
        var registration = new VolumeRegistration(_domain.DomainId, volumeId, lvName, sizeBytes, capacity);
        try
        {
            if (!await _services.DomainStore.RecordVolumeAsync(_term.Fence, registration, extended: true, Stopping))
            {
                throw Fenced("record volume");
            }

            _registry[volumeId] = new VolumeRecord(volumeId, lvName, capacity);
        }
        catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
        {
            Log.StoreWriteFailed(_logger, "record volume", ex);
        }
    }

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> write, string what)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await write(Stopping);
            }
            catch (Exception ex) when (StoreErrors.IsTransient(ex, Stopping))
            {
                if (attempt >= RetryDelays.Length || !_term.IsValid)
                {
                    Log.StoreWriteFailed(_logger, what, ex);
                    _term.End($"the database did not answer ({what}): {ex.Message}");
                    throw new OperationCanceledException("The term ended.", ex, Stopping);
                }

                await Task.Delay(RetryDelays[attempt], _services.TimeProvider, Stopping);
            }
        }
    }
}
