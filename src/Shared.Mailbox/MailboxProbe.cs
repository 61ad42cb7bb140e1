using System.Globalization;

namespace Shared.Mailbox;

/// <summary>The verdict of <see cref="MailboxProbe.Check"/>: usable or not, and one line saying why.</summary>
/// <param name="Usable">The device opened as the role opens it, is large enough, and its blocks read.</param>
/// <param name="Description">What was checked, or what is wrong (naming the device and the size needed).</param>
public sealed record MailboxProbeResult(bool Usable, string Description);

/// <summary>
/// The mailbox health check both daemons use: opens a mailbox device exactly as the roles do
/// (<see cref="MailboxDevice"/>, direct I/O unless configured otherwise, read-write where the role writes), checks
/// that the blocks the role needs exist and reads block 0 and the last needed block. Writes nothing.
/// </summary>
public static class MailboxProbe
{
    /// <summary>Checks one device.</summary>
    /// <param name="name">"inbox" or "outbox", for the message.</param>
    /// <param name="path">The configured path (empty: not configured).</param>
    /// <param name="ioMode">The configured I/O mode.</param>
    /// <param name="writable">Open read-write, as the role that writes this device does.</param>
    /// <param name="lastBlock">The highest block the role uses (the host id, or MaxHosts).</param>
    /// <param name="why">Who needs those blocks, e.g. "host 7" or "250 hosts".</param>
    public static MailboxProbeResult Check(string name, string? path, MailboxIoMode ioMode, bool writable, int lastBlock, string why)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(lastBlock);
        if (string.IsNullOrWhiteSpace(path))
        {
            return new MailboxProbeResult(false, $"the mailbox {name} is not configured");
        }

        var needed = (lastBlock + 1L) * MailboxLayout.BlockSize;
        try
        {
            using var device = MailboxDevice.Open(path, ioMode, writable);
            if (device.Length == 0)
            {
                return new MailboxProbeResult(false, string.Create(CultureInfo.InvariantCulture,
                    $"the mailbox {name} {path} is empty (0 bytes); {why} needs at least {needed} bytes"));
            }

            if (device.Length < needed)
            {
                return new MailboxProbeResult(false, string.Create(CultureInfo.InvariantCulture,
                    $"the mailbox {name} {path} is too small: {device.Length} bytes; {why} needs at least {needed} bytes ({lastBlock + 1} blocks of 4096)"));
            }

            using var buffer = new MailboxBuffer(1);
            device.Read(0, buffer.Span);
            device.Read(lastBlock, buffer.Span);
            return new MailboxProbeResult(true, string.Create(CultureInfo.InvariantCulture,
                $"the mailbox {name} {path} is usable ({device.Length} bytes, {ioMode} I/O{(writable ? ", writable" : string.Empty)})"));
        }
        catch (FileNotFoundException)
        {
            return new MailboxProbeResult(false, $"the mailbox {name} {path} does not exist");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            return new MailboxProbeResult(false, $"the mailbox {name} {path} is not usable: {ex.Message}");
        }
    }
}
