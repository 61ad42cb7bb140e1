using Spm.Coordinator.Leadership;

namespace Spm.Coordinator.Extension;

/// <summary>
/// Starts a term: load the policy, register the domains (merging persisted devices), mark what earlier
/// terms left open as superseded, then start the runtime (VG workers, manager mailbox). Stops it on loss.
/// </summary>
internal sealed partial class LeaderTermRunner(
    ExtendServices services,
    ActiveTermRegistry registry,
    ILogger<LeaderTermRunner> logger) : ITermRunner
{
    public async Task StartAsync(LeaderTerm term, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, term.Stopping);
        var token = linked.Token;
        await services.Policy.LoadAsync(token);
        var devices = await services.DomainStore.RegisterDomainsAsync(term.Fence, services.Domains.Registrations, token);
        if (devices is null)
        {
            TermEnding.StartFailed(term, "the lease was lost before the domains were registered");
            return;
        }

        foreach (var (domainId, list) in devices)
        {
            // Devices an earlier term of this process added to the VG but could not store (add-pv succeeded,
            // then the database write failed): stored now.
            foreach (var device in services.Domains.DevicesOf(domainId).Except(list, StringComparer.Ordinal).ToList())
            {
                if (await services.DomainStore.AddDeviceAsync(term.Fence, domainId, device, token) is null)
                {
                    TermEnding.StartFailed(term, "the lease was lost before the domains' added devices were stored");
                    return;
                }

                Log.DeviceStored(logger, term.Epoch, device);
            }

            services.Domains.MergeDevices(domainId, list);
        }

        var superseded = await services.Requests.SupersedeOpenRequestsAsync(term.Fence, token);
        if (superseded is null)
        {
            TermEnding.StartFailed(term, "the lease was lost before open requests were superseded");
            return;
        }

        if (superseded > 0)
        {
            Log.Superseded(logger, term.Epoch, superseded.Value);
        }

        var runtime = new TermRuntime(term, services);
        registry.Set(runtime);
        try
        {
            await runtime.StartAsync(token);
        }
        catch
        {
            TermEnding.StartFailed(term, "the term runtime could not start");
            throw;
        }
    }

    public async Task StopAsync(LeaderTerm term, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        var runtime = registry.Current;
        if (runtime is null || runtime.Term != term)
        {
            return;
        }

        registry.Set(null);
        try
        {
            await runtime.StopAsync(cancellationToken);
        }
        finally
        {
            runtime.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1471, EventName = "RequestsSuperseded", Level = LogLevel.Information,
            Message = "Epoch {Epoch}: {Count} requests left open by earlier leaders are superseded; the mailbox brings them back")]
        public static partial void Superseded(ILogger logger, long epoch, int count);

        [LoggerMessage(EventId = 1472, EventName = "AddedDeviceStored", Level = LogLevel.Information,
            Message = "Epoch {Epoch}: stored {Device}, added to its VG by an earlier term that could not store it")]
        public static partial void DeviceStored(ILogger logger, long epoch, string device);
    }
}
