namespace Shared.Mailbox.Internal;

/// <summary>Why a <see cref="DoorbellWatch"/> wait ended: a scan is wanted either way.</summary>
internal enum DoorbellWake
{
    /// <summary>The doorbell's event id changed: a host rang.</summary>
    Ring,

    /// <summary>No ring, but the full-scan interval passed and the inbox read then has work (hosts that do not ring).</summary>
    ScanDue,
}
