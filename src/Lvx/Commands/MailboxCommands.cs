using System.CommandLine;
using Lvx.Commands.Mailbox;

namespace Lvx.Commands;

/// <summary>The lvx commands of one area; each area's commands live in this folder.</summary>
internal static class MailboxCommands
{
    /// <summary>Adds <c>lvx mailbox dump | encode-extend | send-extend</c> to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var mailbox = new Command("mailbox", "Inspect and exercise the shared storage mailbox (byte-compatible with vdsm's).");
        mailbox.Subcommands.Add(DumpCommand.Create());
        mailbox.Subcommands.Add(EncodeExtendCommand.Create());
        mailbox.Subcommands.Add(SendExtendCommand.Create());
        root.Subcommands.Add(mailbox);
    }
}
