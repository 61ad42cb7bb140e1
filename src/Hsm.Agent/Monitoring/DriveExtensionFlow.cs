using System.Diagnostics;
using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// The extension loop of one drive (one at a time): asks its <see cref="DriveMonitor"/> for the size to
/// request, sends it through the <see cref="DriveExtender"/>, retries with capped exponential backoff until
/// the LV is verified at that size, then has the monitor re-arm the threshold, resumes the VM if it stopped
/// on ENOSPC, and records the phases. It loops again when the drive was EXCEEDED meanwhile.
/// </summary>
/// <remarks>
/// Its state (running or not, the request in flight, failures, last error, last extension) is guarded by the
/// drive's lock, shared with the monitor: a state change of the drive and the start or the end of the loop
/// are one step. Members named <c>...Locked</c> expect the caller to hold that lock.
/// </remarks>
internal sealed partial class DriveExtensionFlow : IAsyncDisposable
{
    private readonly DriveMonitor _drive;
    private readonly Lock _gate;
    private readonly IVmControl _vm;
    private readonly DriveExtender _extender;
    private readonly IOptionsMonitor<ExtensionPolicyOptions> _policy;
    private readonly ExtensionLatencyTracker _latency;
    private readonly TimeProvider _timeProvider;
    private readonly AgentInstruments _instruments;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private bool _running;
    private Task _loop = Task.CompletedTask;
    private PendingExtension? _pending;
    private int _failures;
    private string? _lastError;
    private ExtensionPhases? _lastExtension;
    private DateTimeOffset _retryNotBefore;

    public DriveExtensionFlow(
        DriveMonitor drive,
        Lock gate,
        IVmControl vm,
        DriveExtender extender,
        IOptionsMonitor<ExtensionPolicyOptions> policy,
        ExtensionLatencyTracker latency,
        TimeProvider timeProvider,
        AgentInstruments instruments,
        ILogger logger)
    {
        _drive = drive;
        _gate = gate;
        _vm = vm;
        _extender = extender;
        _policy = policy;
        _latency = latency;
        _timeProvider = timeProvider;
        _instruments = instruments;
        _logger = logger;
    }

    /// <summary>Completes when no loop runs.</summary>
    public Task Loop
    {
        get
        {
            lock (_gate)
            {
                return _loop;
            }
        }
    }

    /// <summary>True while a loop runs.</summary>
    public bool IsRunningLocked => _running;

    /// <summary>The request in flight, if any.</summary>
    public PendingExtension? PendingLocked => _pending;

    /// <summary>Failed attempts since the last success.</summary>
    public int FailuresLocked => _failures;

    /// <summary>Why the last attempt (or the size read, or the loop) failed; null after a success.</summary>
    public string? LastErrorLocked => _lastError;

    /// <summary>The phases of the last completed extension.</summary>
    public ExtensionPhases? LastExtensionLocked => _lastExtension;

    /// <summary>Starts the loop unless it runs.</summary>
    public void EnsureRunningLocked()
    {
        if (!_running)
        {
            StartLocked();
        }
    }

    /// <summary>
    /// Starts the loop again when it stopped (improbable watermark, a failure) and the backoff after a loop
    /// failure has passed; false when it runs or must still wait.
    /// </summary>
    public bool TryRestartLocked()
    {
        if (_running || _timeProvider.GetUtcNow() < _retryNotBefore)
        {
            return false;
        }

        StartLocked();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Loop;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private void StartLocked()
    {
        _running = true;
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Extends until verified (retrying with backoff), re-arms, resumes; loops again if EXCEEDED meanwhile.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var drive = _drive.Drive;
        var attempts = 0;
        long? inFlight = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var policy = _policy.CurrentValue;
                long? physical;
                try
                {
                    physical = await _extender.Activator.GetSizeAsync(drive.Volume.VolumeGroup, drive.Volume.LogicalVolume, cancellationToken);
                }
                catch (VolumeActivationException ex)
                {
                    // Size from the last known size.
                    physical = null;
                    lock (_gate)
                    {
                        _lastError = ex.Message;
                    }
                }

                ExtensionTarget target;
                lock (_gate)
                {
                    if (_drive.TargetLocked(physical, policy) is not { } sized)
                    {
                        // DISABLED: at the maximum size.
                        _running = false;
                        return;
                    }

                    target = sized;
                    if (target.Improbable)
                    {
                        _lastError = $"improbable watermark {target.Watermark} beyond the next size {target.NextSize}: not extended";
                        _running = false;
                        return;
                    }

                    attempts++;
                    _pending = new PendingExtension(target.NextSize, attempts, _timeProvider.GetUtcNow(), target.ExceededAt);
                }

                // In flight from the crossing until verified (retries included): the sizing of every drive sees it.
                inFlight ??= _latency.Begin(target.ExceededAt);

                var attempt = await SendAsync(target, attempts, cancellationToken);
                _instruments.AttemptFinished(attempt.Succeeded);
                if (!attempt.Succeeded)
                {
                    int failures;
                    lock (_gate)
                    {
                        _pending = null;
                        failures = ++_failures;
                        _lastError = attempt.Error;
                        _drive.AttemptFailedLocked(attempt.NewSizeBytes);
                    }

                    var delay = RetryBackoff.Delay(failures, policy.RetryInitialDelay, policy.RetryMaxDelay);
                    Log.AttemptFailed(_logger, drive.VmName, drive.DriveName, attempt.Error ?? "?", failures, delay.TotalSeconds);
                    await Task.Delay(delay, _timeProvider, cancellationToken);
                    continue;
                }

                lock (_gate)
                {
                    _pending = null;
                    _failures = 0;
                    _lastError = null;
                    _drive.ExtendedLocked(attempt.NewSizeBytes, policy);
                }

                await _drive.ArmAsync(cancellationToken);
                var resumed = await ResumeAsync(cancellationToken);
                var phases = Phases(target, attempt, attempts, resumed, _timeProvider.GetUtcNow());
                _instruments.Completed(phases);
                _latency.Record(phases.Total, policy.Adaptive);
                _latency.End(inFlight.Value);
                inFlight = null;
                Log.Completed(_logger, drive.VmName, drive.DriveName, attempt.NewSizeBytes, phases.Total.TotalSeconds, phases.Wait.TotalSeconds,
                    phases.Mailbox.TotalSeconds, phases.Refresh.TotalSeconds, attempts, resumed);
                lock (_gate)
                {
                    _lastExtension = phases;
                    if (!_drive.IsExceededLocked)
                    {
                        _running = false;
                        return;
                    }

                    // Exceeded again while we completed (new event or ENOSPC): extend again.
                    attempts = 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                _running = false;
                _pending = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever failed, the drive must not stay "extending" for ever: count it and let the next check
            // restart the loop once the backoff has passed.
            int failures;
            lock (_gate)
            {
                _running = false;
                _pending = null;
                _lastError = $"{ex.GetType().Name}: {ex.Message}";
                failures = ++_failures;
                _retryNotBefore = _timeProvider.GetUtcNow() + RetryBackoff.Delay(failures, _policy.CurrentValue.RetryInitialDelay, _policy.CurrentValue.RetryMaxDelay);
            }

            _instruments.AttemptFinished(false);
            Log.LoopFailed(_logger, drive.VmName, drive.DriveName, failures, ex);
        }
        finally
        {
            if (inFlight is { } id)
            {
                _latency.End(id);
            }
        }
    }

    /// <summary>One request through the extender, traced; a throw is a failed attempt.</summary>
    private async Task<ExtensionAttempt> SendAsync(ExtensionTarget target, int attempts, CancellationToken cancellationToken)
    {
        var drive = _drive.Drive;
        using var activity = AgentTelemetry.ActivitySource.StartActivity("extend");
        activity?.SetTag("lvextend.vm", drive.VmName);
        activity?.SetTag("lvextend.volume", $"{drive.Volume.VolumeGroup}/{drive.Volume.LogicalVolume}");
        activity?.SetTag("lvextend.requested_bytes", target.NextSize);
        _instruments.RequestSent();
        Log.Requesting(_logger, drive.VmName, drive.DriveName, target.Physical, target.NextSize, target.Watermark, attempts);
        ExtensionAttempt attempt;
        try
        {
            attempt = await _extender.ExtendAsync(drive.Volume, target.NextSize, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The mailbox or the refresh threw (IOException, a mailbox fault...): a failed attempt, retried with backoff.
            Log.AttemptThrew(_logger, drive.VmName, drive.DriveName, ex);
            attempt = new ExtensionAttempt(false, 0, _timeProvider.GetUtcNow(), null, null, $"{ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            _instruments.RequestDone();
        }

        activity?.SetStatus(attempt.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, attempt.Error);
        return attempt;
    }

    private async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        var drive = _drive.Drive;
        try
        {
            var resumed = await _vm.ResumeIfPausedByIoErrorAsync(cancellationToken);
            if (resumed)
            {
                _instruments.Resumed();
                Log.Resumed(_logger, drive.VmName, drive.DriveName);
            }

            return resumed;
        }
        catch (VmControlException ex)
        {
            Log.ResumeFailed(_logger, drive.VmName, drive.DriveName, ex.Message);
            return false;
        }
    }

    private static ExtensionPhases Phases(ExtensionTarget target, ExtensionAttempt attempt, int attempts, bool resumed, DateTimeOffset completedAt) => new(
        Wait: Max0(attempt.SentAt - target.ExceededAt),
        Mailbox: Max0((attempt.RepliedAt ?? attempt.SentAt) - attempt.SentAt),
        Refresh: Max0((attempt.RefreshedAt ?? completedAt) - (attempt.RepliedAt ?? attempt.SentAt)),
        Total: Max0(completedAt - target.ExceededAt),
        Attempts: attempts,
        RequestedBytes: target.NextSize,
        NewSizeBytes: attempt.NewSizeBytes,
        Resumed: resumed,
        CompletedAt: completedAt);

    private static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
