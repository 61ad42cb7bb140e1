using System.Diagnostics;
using Hsm.Agent.Activation;
using Hsm.Agent.Extension;
using Hsm.Agent.Telemetry;

namespace Hsm.Agent.Monitoring;

internal sealed partial class DriveMonitor
{
    /// <summary>Extends until verified (retrying with backoff), re-arms, resumes; loops again if EXCEEDED meanwhile.</summary>
    private async Task ExtendLoopAsync(CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var policy = _policy.CurrentValue;
                long physical;
                try
                {
                    physical = await _extender.Activator.GetSizeAsync(Drive.Volume.VolumeGroup, Drive.Volume.LogicalVolume, cancellationToken);
                }
                catch (VolumeActivationException ex)
                {
                    lock (_lock)
                    {
                        physical = _physical;
                        _lastError = ex.Message;
                    }
                }

                long next;
                long watermark;
                DateTimeOffset exceededAt;
                lock (_lock)
                {
                    _physical = physical;
                    watermark = _watermark;
                    exceededAt = _exceededAt;
                    if (!ExtensionMath.CanExtend(physical, _capacity))
                    {
                        _state = DriveState.Disabled;
                        _extending = false;
                        Log.Disabled(_logger, Drive.VmName, Drive.DriveName, physical, _capacity);
                        return;
                    }

                    if (policy.Adaptive.Enabled)
                    {
                        var decision = AdaptiveChunkPolicy.Decide(physical, _capacity, _rate.BytesPerSecond, _latency.P99(policy.Adaptive), policy.Adaptive);
                        next = decision.NextSizeBytes;
                        _lastChunk = decision.ChunkBytes;
                        Log.ChunkChosen(_logger, Drive.VmName, Drive.DriveName, decision.ChunkBytes / ExtensionMath.Mib, decision.RateBytesPerSecond / ExtensionMath.Mib,
                            decision.ExtensionP99.TotalSeconds, decision.LimitBytes / ExtensionMath.Mib, decision.Capped);
                    }
                    else
                    {
                        _lastChunk = policy.ChunkMib * ExtensionMath.Mib;
                        next = ExtensionMath.NextSize(physical, _capacity, _lastChunk);
                    }

                    if (ExtensionMath.IsImprobable(watermark, next))
                    {
                        if (!_improbable)
                        {
                            _instruments.Improbable();
                            Log.Improbable(_logger, Drive.VmName, Drive.DriveName, watermark, next, physical);
                        }

                        _improbable = true;
                        _lastError = $"improbable watermark {watermark} beyond the next size {next}: not extended";
                        _extending = false;
                        return;
                    }

                    _improbable = false;
                    attempts++;
                    _pending = new PendingExtension(next, attempts, _timeProvider.GetUtcNow(), exceededAt);
                }

                ExtensionAttempt attempt;
                using (var activity = AgentTelemetry.ActivitySource.StartActivity("extend"))
                {
                    activity?.SetTag("lvextend.vm", Drive.VmName);
                    activity?.SetTag("lvextend.volume", $"{Drive.Volume.VolumeGroup}/{Drive.Volume.LogicalVolume}");
                    activity?.SetTag("lvextend.requested_bytes", next);
                    _instruments.RequestSent();
                    Log.Requesting(_logger, Drive.VmName, Drive.DriveName, physical, next, watermark, attempts);
                    try
                    {
                        attempt = await _extender.ExtendAsync(Drive.Volume, next, cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                    {
                        // The mailbox or the refresh threw (IOException, a mailbox fault...): a failed attempt, retried with backoff.
                        Log.AttemptThrew(_logger, Drive.VmName, Drive.DriveName, ex);
                        attempt = new ExtensionAttempt(false, 0, _timeProvider.GetUtcNow(), null, null, $"{ex.GetType().Name}: {ex.Message}");
                    }
                    finally
                    {
                        _instruments.RequestDone();
                    }

                    activity?.SetStatus(attempt.Succeeded ? ActivityStatusCode.Ok : ActivityStatusCode.Error, attempt.Error);
                }

                _instruments.AttemptFinished(attempt.Succeeded);
                if (!attempt.Succeeded)
                {
                    int failures;
                    lock (_lock)
                    {
                        _pending = null;
                        failures = ++_failures;
                        _lastError = attempt.Error;
                        if (attempt.NewSizeBytes > 0)
                        {
                            _physical = attempt.NewSizeBytes;
                        }
                    }

                    var delay = RetryBackoff.Delay(failures, policy.RetryInitialDelay, policy.RetryMaxDelay);
                    Log.AttemptFailed(_logger, Drive.VmName, Drive.DriveName, attempt.Error ?? "?", failures, delay.TotalSeconds);
                    await Task.Delay(delay, _timeProvider, cancellationToken);
                    continue;
                }

                lock (_lock)
                {
                    _pending = null;
                    _failures = 0;
                    _lastError = null;
                    _physical = attempt.NewSizeBytes;
                    _rate.Observe(_watermark, policy.Adaptive);
                    _state = ExtensionMath.CanExtend(_physical, _capacity) ? DriveState.Unset : DriveState.Disabled;
                }

                await ArmAsync(cancellationToken);
                var resumed = await ResumeAsync(cancellationToken);
                var completedAt = _timeProvider.GetUtcNow();
                var phases = new ExtensionPhases(
                    Wait: Max0(attempt.SentAt - exceededAt),
                    Mailbox: Max0((attempt.RepliedAt ?? attempt.SentAt) - attempt.SentAt),
                    Refresh: Max0((attempt.RefreshedAt ?? completedAt) - (attempt.RepliedAt ?? attempt.SentAt)),
                    Total: Max0(completedAt - exceededAt),
                    Attempts: attempts,
                    RequestedBytes: next,
                    NewSizeBytes: attempt.NewSizeBytes,
                    Resumed: resumed,
                    CompletedAt: completedAt);
                _instruments.Completed(phases);
                _latency.Record(phases.Total, policy.Adaptive);
                Log.Completed(_logger, Drive.VmName, Drive.DriveName, attempt.NewSizeBytes, phases.Total.TotalSeconds, phases.Wait.TotalSeconds,
                    phases.Mailbox.TotalSeconds, phases.Refresh.TotalSeconds, attempts, resumed);
                lock (_lock)
                {
                    _lastExtension = phases;
                    if (_state != DriveState.Exceeded)
                    {
                        _extending = false;
                        return;
                    }

                    // Exceeded again while we completed (new event or ENOSPC): extend again.
                    attempts = 0;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_lock)
            {
                _extending = false;
                _pending = null;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever failed, the drive must not stay "extending" for ever: count it and let the next check
            // restart the loop once the backoff has passed.
            int failures;
            lock (_lock)
            {
                _extending = false;
                _pending = null;
                _lastError = $"{ex.GetType().Name}: {ex.Message}";
                failures = ++_failures;
                _retryNotBefore = _timeProvider.GetUtcNow() + RetryBackoff.Delay(failures, _policy.CurrentValue.RetryInitialDelay, _policy.CurrentValue.RetryMaxDelay);
            }

            _instruments.AttemptFinished(false);
            Log.LoopFailed(_logger, Drive.VmName, Drive.DriveName, failures, ex);
        }
    }

    private async Task<bool> ResumeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var resumed = await _vm.ResumeIfPausedByIoErrorAsync(cancellationToken);
            if (resumed)
            {
                _instruments.Resumed();
                Log.Resumed(_logger, Drive.VmName, Drive.DriveName);
            }

            return resumed;
        }
        catch (VmControlException ex)
        {
            Log.ResumeFailed(_logger, Drive.VmName, Drive.DriveName, ex.Message);
            return false;
        }
    }

    private static TimeSpan Max0(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
