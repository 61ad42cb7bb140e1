using System.Collections.Concurrent;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Qmp;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>Records thresholds and resumes; can refuse thresholds and pretend the VM stopped on ENOSPC.</summary>
internal sealed class FakeVmControl : IVmControl
{
    public string VmName => "vm1";

    public ConcurrentQueue<(string Node, long Threshold)> Thresholds { get; } = new();

    public int Resumes;

    public bool FailThresholds { get; set; }

    public bool PausedByIoError { get; set; }

    public Task SetWriteThresholdAsync(string nodeName, long threshold, CancellationToken cancellationToken)
    {
        if (FailThresholds)
        {
            throw new QmpCommandException("block-set-write-threshold", "GenericError", "refused by the test");
        }

        Thresholds.Enqueue((nodeName, threshold));
        return Task.CompletedTask;
    }

    /// <summary>The VM is gone: every call fails as the source reports a vanished VM.</summary>
    public bool Gone { get; set; }

    public Task<bool> ResumeIfPausedByIoErrorAsync(CancellationToken cancellationToken)
    {
        if (Gone)
        {
            throw new VmControlException("vm1: domain not found");
        }

        if (!PausedByIoError)
        {
            return Task.FromResult(false);
        }

        PausedByIoError = false;
        Interlocked.Increment(ref Resumes);
        return Task.FromResult(true);
    }
}
