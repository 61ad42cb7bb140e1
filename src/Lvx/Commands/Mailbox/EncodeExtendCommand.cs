using System.CommandLine;
using Shared.Mailbox;

namespace Lvx.Commands.Mailbox;

/// <summary><c>lvx mailbox encode-extend</c>: the 64 bytes of an extend request, as hex.</summary>
internal static class EncodeExtendCommand
{
    public static Command Create()
    {
        var domain = new Option<string>("--domain") { Description = "Storage domain UUID.", Required = true };
        var volume = new Option<string>("--volume") { Description = "Volume UUID.", Required = true };
        var size = new Option<string>("--size-mib") { Description = "New size in MiB (0..4294967295).", Required = true };
        var command = new Command("encode-extend", "Print the 64-byte extend request as lower-case hex (128 characters).");
        command.Options.Add(domain);
        command.Options.Add(volume);
        command.Options.Add(size);
        command.SetAction((parseResult, _) => CommandInput.RunAsync(parseResult, async output =>
        {
            var message = new ExtendMessage(
                CommandInput.ParseUuid(parseResult.GetValue(domain), "--domain"),
                CommandInput.ParseUuid(parseResult.GetValue(volume), "--volume"),
                CommandInput.ParseSizeMib(parseResult.GetValue(size), "--size-mib"));
            var bytes = new byte[MailboxLayout.MessageSize];
            MailboxCodec.EncodeExtend(message, bytes);
            await output.WriteLineAsync(Convert.ToHexStringLower(bytes));
            return MailboxExitCodes.Success;
        }));
        return command;
    }
}
