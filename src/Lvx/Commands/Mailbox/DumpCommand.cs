using System.CommandLine;

namespace Lvx.Commands.Mailbox;

/// <summary><c>lvx mailbox dump</c>: decode a live mailbox, read-only.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var inbox = new Option<string>("--inbox") { Description = "The inbox (requests) file or device.", Required = true };
        var outbox = new Option<string>("--outbox") { Description = "The outbox (replies): adds each request's reply state." };
        var maxHosts = new Option<int?>("--max-hosts") { Description = "Hosts 1..N to decode (default 250, or what the inbox holds)." };
        var json = new Option<bool>("--json") { Description = "Stable JSON (docs/mailbox-format.md) instead of text." };
        var buffered = new Option<bool>("--buffered") { Description = "Read through the page cache instead of O_DIRECT (tmpfs)." };
        var command = new Command("dump", "Decode every host block of a mailbox: checksum, slots, and with --outbox the replies.");
        command.Options.Add(inbox);
        command.Options.Add(outbox);
        command.Options.Add(maxHosts);
        command.Options.Add(json);
        command.Options.Add(buffered);
        command.SetAction((parseResult, _) => CommandInput.RunAsync(parseResult, async output =>
        {
            var inboxPath = parseResult.GetValue(inbox);
            var outboxPath = parseResult.GetValue(outbox);
            CommandInput.RequireFile(inboxPath, "--inbox");
            if (outboxPath is not null)
            {
                CommandInput.RequireFile(outboxPath, "--outbox");
            }

            var dump = MailboxDump.Read(inboxPath!, outboxPath, parseResult.GetValue(maxHosts), CommandInput.IoMode(parseResult.GetValue(buffered)));
            await output.WriteAsync(parseResult.GetValue(json) ? MailboxDumpWriter.ToJson(dump) + Environment.NewLine : MailboxDumpWriter.ToText(dump));
            return MailboxExitCodes.Success;
        }));
        return command;
    }
}
