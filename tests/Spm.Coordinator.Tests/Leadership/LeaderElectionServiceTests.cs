using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Options;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Tests.Leadership;

/// <summary>The election loop against an in-memory lease store, on a fake clock.</summary>
public sealed class LeaderElectionServiceTests : IAsyncDisposable
{
    private const string Advertised = "https://spm-me.example.internal:7411";

    private readonly FakeTimeProvider _time = new();
    private readonly FakeLeaseStore _store = new();
    private readonly FakeTermRunner _runner = new();
    private readonly LeadershipState _state = new();
    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly LeaderElectionService _service;

    public LeaderElectionServiceTests()
    {
        var options = new CoordinatorOptions
        {
            InstanceId = "me",
            PoolId = "p",
            AdvertiseAddress = Advertised + "/",
            Lease = new LeaseOptions
            {
                Ttl = TimeSpan.FromSeconds(6),
                RenewInterval = TimeSpan.FromSeconds(2),
                AcquireInterval = TimeSpan.FromSeconds(1),
                SafetyMargin = TimeSpan.FromSeconds(1),
            },
        };
        _runner.Track(_store);
        _runner.Time = _time;
        _service = new LeaderElectionService(
            Microsoft.Extensions.Options.Options.Create(options), _store, _runner, _state,
            new CoordinatorInstruments(_metrics.GetRequiredService<IMeterFactory>()), _time,
            NullLogger<LeaderElectionService>.Instance);
    }

    [Fact]
    public async Task Lease_AcquiredThenRenewed_RunsOneTermUntilTheLeaseIsTaken()
    {
        _store.Next(LeaseStatus.Acquired, epoch: 1);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Started.Count == 1, TimeSpan.FromMilliseconds(10));
        Assert.True(_state.IsLeader);
        Assert.Equal(1, _state.Epoch);

        _store.Next(LeaseStatus.Held, epoch: 1);
        await AdvanceUntilAsync(() => _store.Renewals >= 3, TimeSpan.FromSeconds(2));
        Assert.True(_state.IsLeader); // 6 s after acquisition: kept alive by the renewals
        Assert.Empty(_runner.Stopped);

        _store.Next(LeaseStatus.NotAvailable);
        await AdvanceUntilAsync(() => _runner.Stopped.Count == 1, TimeSpan.FromSeconds(2));
        Assert.False(_state.IsLeader);
        Assert.Equal(TermEndReason.LeaseLost, _runner.Stopped[0].EndReason);
        Assert.True(_runner.Stopped[0].Stopping.IsCancellationRequested);
    }

    [Fact]
    public async Task AcquireAndRenew_WriteTheAdvertisedAddress_Normalized()
    {
        _store.Next(LeaseStatus.Acquired, epoch: 2);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Started.Count == 1, TimeSpan.FromMilliseconds(10));
        _store.Next(LeaseStatus.Held, epoch: 2);
        await AdvanceUntilAsync(() => _store.Renewals >= 2, TimeSpan.FromSeconds(1));

        var calls = _store.Addresses;
        Assert.True(calls.Count >= 3, $"{calls.Count} lease calls");
        Assert.Equal(("acquire", Advertised), calls[0]);
        Assert.All(calls.Skip(1), c => Assert.Equal(("renew", Advertised), c));
    }

    [Fact]
    public async Task Renewals_FailingTransiently_StepDownAtTheLocalDeadline()
    {
        _store.Next(LeaseStatus.Acquired, epoch: 4);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Started.Count == 1, TimeSpan.FromMilliseconds(10));
        var acquiredAt = _time.GetUtcNow();
        _store.Next(LeaseStatus.TransientFailure);

        await AdvanceUntilAsync(() => _runner.Stopped.Count == 1, TimeSpan.FromMilliseconds(100));

        // TTL 6 s - margin 1 s after the acquisition was sent; the database never said the lease was lost.
        var heldFor = _time.GetUtcNow() - acquiredAt;
        Assert.InRange(heldFor, TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(5.2));
        Assert.False(_state.IsLeader);
        Assert.Equal(TermEndReason.DeadlinePassed, _runner.Stopped[0].EndReason);
    }

    [Fact]
    public async Task Stop_WhileLeading_StopsTheTermThenReleasesTheLease()
    {
        _store.Next(LeaseStatus.Acquired, epoch: 2);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Started.Count == 1, TimeSpan.FromMilliseconds(10));

        await _service.StopAsync(CancellationToken.None);

        Assert.Single(_runner.Stopped);
        Assert.Equal([2L], _store.Released);
        Assert.True(_runner.StoppedBeforeRelease(_store));
    }

    [Fact]
    public async Task TermStart_Fails_ReleasesTheLeaseAndBacksOffInsteadOfRetakingIt()
    {
        _runner.FailStart = new FileNotFoundException("inbox /x not found");
        _store.Next(LeaseStatus.Acquired, epoch: 3);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Stopped.Count == 1, TimeSpan.FromMilliseconds(10));
        await AdvanceUntilAsync(() => _store.Released.Count == 1, TimeSpan.FromMilliseconds(10));
        var acquisitions = _store.Acquisitions;

        // The lease is free again (released); this instance must not compete for TTL + AcquireInterval (7 s).
        _time.Advance(TimeSpan.FromSeconds(6.5));
        await Task.Delay(50);

        Assert.Equal([3L], _store.Released);
        Assert.Equal(TermEndReason.StartFailed, _runner.Stopped[0].EndReason);
        Assert.Equal(acquisitions, _store.Acquisitions);
        Assert.False(_state.IsLeader);
        Assert.Equal(TermEndReason.StartFailed, _state.LastFailure?.Reason);
        Assert.Contains("inbox /x not found", _state.LastFailure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TermStart_Slow_RenewalsRunMeanwhile_AndTheTermSurvives()
    {
        _runner.StartDelay = TimeSpan.FromSeconds(8); // longer than TTL - margin (5 s)
        _store.Next(LeaseStatus.Acquired, epoch: 5);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _runner.Started.Count == 1, TimeSpan.FromMilliseconds(10));
        _store.Next(LeaseStatus.Held);

        await AdvanceUntilAsync(() => _runner.StartCompleted, TimeSpan.FromMilliseconds(500));

        Assert.True(_store.Renewals >= 3);
        Assert.True(_state.IsServing);
        Assert.Empty(_runner.Stopped);
    }

    [Fact]
    public async Task StepDown_WhileLeading_ReleasesAndBacksOff()
    {
        _store.Next(LeaseStatus.Acquired, epoch: 9);
        await _service.StartAsync(CancellationToken.None);
        await AdvanceUntilAsync(() => _state.IsServing, TimeSpan.FromMilliseconds(10));
        _store.Next(LeaseStatus.Held);

        Assert.True(_state.TryStepDown("operator"));
        await AdvanceUntilAsync(() => _store.Released.Count == 1, TimeSpan.FromMilliseconds(10));
        var acquisitions = _store.Acquisitions;
        _time.Advance(TimeSpan.FromSeconds(2));
        await Task.Delay(50);

        Assert.Equal(TermEndReason.SteppedDown, _runner.Stopped[0].EndReason);
        Assert.Equal(acquisitions, _store.Acquisitions);
        Assert.Null(_state.LastFailure);
    }

    [Fact]
    public async Task Lease_HeldBySomeoneElse_StaysStandbyAndKeepsTrying()
    {
        _store.Next(LeaseStatus.NotAvailable);
        await _service.StartAsync(CancellationToken.None);

        await AdvanceUntilAsync(() => _store.Acquisitions >= 4, TimeSpan.FromMilliseconds(500));

        Assert.False(_state.IsLeader);
        Assert.Empty(_runner.Started);
    }

    public async ValueTask DisposeAsync()
    {
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _metrics.DisposeAsync();
    }

    /// <summary>Advances the fake clock step by step until the condition holds (the loop runs on the thread pool).</summary>
    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        for (var i = 0; i < 2000; i++)
        {
            for (var spin = 0; spin < 20 && !condition(); spin++)
            {
                await Task.Delay(1);
            }

            if (condition())
            {
                return;
            }

            _time.Advance(step);
        }

        throw new TimeoutException("The condition never held.");
    }

    private sealed class FakeLeaseStore : ILeaseStore
    {
        private readonly Lock _gate = new();
        private LeaseStatus _next = LeaseStatus.NotAvailable;
        private readonly List<(string Call, string? Address)> _addresses = [];
        private long _epoch;

        public int Acquisitions { get; private set; }

        public int Renewals { get; private set; }

        public ConcurrentQueue<long> ReleasedQueue { get; } = new();

        public List<long> Released => [.. ReleasedQueue];

        public int Sequence { get; private set; }

        public int ReleasedAtSequence { get; private set; } = -1;

        public void Next(LeaseStatus status, long epoch = 0)
        {
            lock (_gate)
            {
                _next = status;
                if (epoch != 0)
                {
                    _epoch = epoch;
                }
            }
        }

        public List<(string Call, string? Address)> Addresses
        {
            get
            {
                lock (_gate)
                {
                    return [.. _addresses];
                }
            }
        }

        public Task<LeaseResult> TryAcquireAsync(string poolId, string holder, string? address, TimeSpan ttl, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Acquisitions++;
                _addresses.Add(("acquire", address));
                return Task.FromResult(_next == LeaseStatus.Acquired
                    ? new LeaseResult(LeaseStatus.Acquired, _epoch, DateTimeOffset.UtcNow, null)
                    : _next == LeaseStatus.TransientFailure ? LeaseResult.Transient(new TimeoutException()) : LeaseResult.NotAvailable);
            }
        }

        public Task<LeaseResult> TryRenewAsync(string poolId, string holder, string? address, long epoch, TimeSpan ttl, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Renewals++;
                _addresses.Add(("renew", address));
                return Task.FromResult(_next switch
                {
                    LeaseStatus.Held or LeaseStatus.Acquired => new LeaseResult(LeaseStatus.Held, epoch, DateTimeOffset.UtcNow, null),
                    LeaseStatus.TransientFailure => LeaseResult.Transient(new TimeoutException("database down")),
                    _ => LeaseResult.NotAvailable,
                });
            }
        }

        public Task<bool> TryReleaseAsync(string poolId, string holder, long epoch, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                ReleasedAtSequence = ++Sequence;
                ReleasedQueue.Enqueue(epoch);
            }

            return Task.FromResult(true);
        }

        public Task<LeaseInfo?> ReadAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult<LeaseInfo?>(null);

        public int Tick()
        {
            lock (_gate)
            {
                return ++Sequence;
            }
        }
    }

    private sealed class FakeTermRunner : ITermRunner
    {
        private int _stoppedAt = -1;
        private FakeLeaseStore? _store;

        public List<LeaderTerm> Started { get; } = [];

        public List<LeaderTerm> Stopped { get; } = [];

        public Exception? FailStart { get; set; }

        public TimeSpan StartDelay { get; set; }

        public TimeProvider? Time { get; set; }

        public volatile bool StartCompleted;

        public async Task StartAsync(LeaderTerm term, CancellationToken cancellationToken)
        {
            lock (Started)
            {
                Started.Add(term);
            }

            if (StartDelay > TimeSpan.Zero)
            {
                await Task.Delay(StartDelay, Time!, cancellationToken);
            }

            if (FailStart is { } failure)
            {
                throw failure;
            }

            StartCompleted = true;
        }

        public Task StopAsync(LeaderTerm term, CancellationToken cancellationToken)
        {
            lock (Stopped)
            {
                Assert.True(term.Stopping.IsCancellationRequested, "a term is stopped only after it has ended");
                Stopped.Add(term);
                _stoppedAt = _store?.Tick() ?? 0;
            }

            return Task.CompletedTask;
        }

        public bool StoppedBeforeRelease(FakeLeaseStore store) => Stopped.Count > 0 && store.ReleasedAtSequence > _stoppedAt;

        public void Track(FakeLeaseStore store) => _store = store;
    }
}
