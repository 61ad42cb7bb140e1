namespace Shared.Mailbox;

/// <summary>The result of checking a host request block's checksum. The values are frozen.</summary>
public enum HostBlockStatus : byte
{
    /// <summary>Bytes 0..4091 are all zero: no mail (the reference ignores such a block).</summary>
    Empty = 0,

    /// <summary>The stored checksum equals the byte sum.</summary>
    Valid = 1,

    /// <summary>The stored checksum differs from the byte sum: a torn or corrupted block.</summary>
    ChecksumMismatch = 2,
}
