namespace Shared.Mailbox;

/// <summary>
/// An extend request: grow <paramref name="Volume"/> of storage domain <paramref name="Domain"/> to
/// <paramref name="SizeMib"/> MiB. The pool is not part of the message. <paramref name="SizeMib"/> must be in
/// 0..<see cref="MailboxLayout.MaxSizeMib"/>.
/// </summary>
public readonly record struct ExtendMessage(Guid Domain, Guid Volume, ulong SizeMib)
{
    /// <summary>
    /// Converts a size in bytes to the MiB the message carries, rounding up as the reference's
    /// <c>hsm.sendExtendMsg</c> does.
    /// </summary>
    public static ulong RoundUpToMib(ulong sizeBytes) => (sizeBytes + (1UL << 20) - 1) >> 20;
}
