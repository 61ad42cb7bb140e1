namespace Hsm.Agent.Qmp;

/// <summary>The result of <c>query-status</c>.</summary>
/// <param name="Status">qemu's run state, e.g. <c>running</c>, <c>paused</c>, <c>io-error</c>, <c>prelaunch</c>.</param>
/// <param name="Running">True while the VM runs.</param>
internal sealed record QmpVmStatus(string Status, bool Running)
{
    /// <summary>qemu's run state of a VM stopped by an I/O error (ENOSPC with <c>werror=enospc</c>/<c>stop</c>).</summary>
    public const string IoError = "io-error";

    /// <summary>qemu's run state of a VM started with <c>-S</c> that never ran.</summary>
    public const string Prelaunch = "prelaunch";

    /// <summary>True when the VM is stopped by an I/O error.</summary>
    public bool IsIoError => string.Equals(Status, IoError, StringComparison.Ordinal);
}
