using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Shared.Mailbox.Internal;

/// <summary>Hot-path throws, kept out of line so the codec methods stay small.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void ThrowFormat(long offset, string reason) => throw new MailboxFormatException(offset, reason);

    [DoesNotReturn]
    public static void ThrowTruncated(int length, int needed, string what) =>
        throw new MailboxFormatException(length, string.Create(
            CultureInfo.InvariantCulture, $"truncated {what}: {length} bytes, {needed} needed"));

    [DoesNotReturn]
    public static void ThrowBadByte(long offset, byte value, string expected) =>
        throw new MailboxFormatException(offset, string.Create(
            CultureInfo.InvariantCulture, $"byte 0x{value:x2} where {expected} was expected"));

    [DoesNotReturn]
    public static void ThrowTooLong(string paramName, int length, int expected) =>
        throw new ArgumentException(string.Create(
            CultureInfo.InvariantCulture, $"Expected {expected} bytes, got {length}."), paramName);

    [DoesNotReturn]
    public static void ThrowDestinationTooSmall(string paramName, int needed, int length) =>
        throw new ArgumentException(string.Create(
            CultureInfo.InvariantCulture, $"Destination too small: {length} bytes, {needed} needed."), paramName);

    [DoesNotReturn]
    public static void ThrowSizeOutOfRange(ulong sizeMib) =>
        throw new ArgumentOutOfRangeException(nameof(sizeMib), sizeMib, string.Create(
            CultureInfo.InvariantCulture, $"The size must be 0..{MailboxLayout.MaxSizeMib} MiB (0x{MailboxLayout.MaxSizeMib:x})."));
}
