namespace Hsm.Agent.Monitoring;

/// <summary>What a drive monitor needs from its VM (QMP in production, a fake in unit tests).</summary>
internal interface IVmControl
{
    /// <summary>The VM name.</summary>
    string VmName { get; }

    /// <summary>Arms the one-shot write threshold on a node (<c>block-set-write-threshold</c>).</summary>
    Task SetWriteThresholdAsync(string nodeName, long threshold, CancellationToken cancellationToken);

    /// <summary>Sends <c>cont</c> if <c>query-status</c> says the VM stopped on an I/O error; true when it did.</summary>
    Task<bool> ResumeIfPausedByIoErrorAsync(CancellationToken cancellationToken);
}
