using System.Text.Json;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Options;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Policies;

/// <summary>
/// The policy in effect: the configuration's until a stored one is loaded (at start and at every term
/// start), changed live by the leader (persisted first, fenced by its epoch, then applied).
/// </summary>
internal sealed partial class PolicyService(
    IOptions<CoordinatorOptions> options,
    IPolicyStore store,
    ILogger<PolicyService> logger) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CoordinatorOptions _options = options.Value;
    private readonly SemaphoreSlim _updates = new(1, 1);
    private volatile CoordinatorPolicy _current = PolicyRules.FromOptions(options.Value);

    /// <summary>Raised after the policy changed (old, new).</summary>
    public event Action<CoordinatorPolicy, CoordinatorPolicy>? Changed;

    /// <summary>The policy in effect.</summary>
    public CoordinatorPolicy Current => _current;

    public void Dispose() => _updates.Dispose();

    /// <summary>Loads the stored policy, if any (an invalid stored policy is ignored with an error).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(_options.PoolId, cancellationToken);
        if (stored is null)
        {
            return;
        }

        CoordinatorPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<CoordinatorPolicy>(stored.SettingsJson, Json);
        }
        catch (JsonException ex)
        {
            Log.StoredPolicyInvalid(logger, ex.Message);
            return;
        }

        if (policy is null || PolicyRules.Check(policy) is { Count: > 0 } failures && Fail(failures))
        {
            return;
        }

        Log.PolicyLoaded(logger, stored.Version);
        Apply(policy);
    }

    /// <summary>Validates, persists (fenced) and applies an update.</summary>
    public async Task<AdminResult<CoordinatorPolicy>> UpdateAsync(LeaderTerm term, PolicyUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(term);
        await _updates.WaitAsync(cancellationToken);
        try
        {
            var next = PolicyRules.Apply(_current, update);
            var failures = PolicyRules.Check(next);
            if (failures.Count > 0)
            {
                return AdminResult<CoordinatorPolicy>.Fail(AdminErrorCode.InvalidArgument, string.Join(" ", failures));
            }

            if (!await store.WriteAsync(term.Fence, JsonSerializer.Serialize(next, Json), cancellationToken))
            {
                return AdminResult<CoordinatorPolicy>.Fail(AdminErrorCode.NotLeader, "the lease was lost before the policy was stored.");
            }

            Apply(next);
            Log.PolicyChanged(logger, term.Epoch);
            return AdminResult<CoordinatorPolicy>.Ok(next);
        }
        finally
        {
            _updates.Release();
        }
    }

    private void Apply(CoordinatorPolicy next)
    {
        var previous = _current;
        _current = next;
        if (previous != next)
        {
            Changed?.Invoke(previous, next);
        }
    }

    private bool Fail(IReadOnlyList<string> failures)
    {
        Log.StoredPolicyInvalid(logger, string.Join(" ", failures));
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, EventName = "PolicyLoaded", Level = LogLevel.Information,
            Message = "Loaded the stored policy (version {Version})")]
        public static partial void PolicyLoaded(ILogger logger, long version);

        [LoggerMessage(EventId = 1602, EventName = "PolicyChanged", Level = LogLevel.Information,
            Message = "Policy changed and stored by epoch {Epoch}")]
        public static partial void PolicyChanged(ILogger logger, long epoch);

        [LoggerMessage(EventId = 1603, EventName = "StoredPolicyInvalid", Level = LogLevel.Error,
            Message = "The stored policy is ignored: {Reason}")]
        public static partial void StoredPolicyInvalid(ILogger logger, string reason);
    }
}
