using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Mailbox;

namespace Lvx.Commands.Mailbox;

/// <summary><c>lvx mailbox send-extend</c>: act as one host through the host role and print the reply.</summary>
internal static class SendExtendCommand
{
    public static Command Create()
    {
        var inbox = new Option<string>("--inbox") { Description = "The inbox (requests) file or device.", Required = true };
        var outbox = new Option<string>("--outbox") { Description = "The outbox (replies) file or device.", Required = true };
        var hostId = new Option<int>("--host-id") { Description = "The host id to send as (1..2000).", Required = true };
        var domain = new Option<string>("--domain") { Description = "Storage domain UUID.", Required = true };
        var volume = new Option<string>("--volume") { Description = "Volume UUID.", Required = true };
        var size = new Option<string>("--size-mib") { Description = "New size in MiB (1..4294967295; 0 is refused, exit 2).", Required = true };
        var timeout = new Option<double>("--timeout")
        {
            Description = "Seconds to wait for the reply (exit 4 when it does not come).",
            DefaultValueFactory = _ => 60,
        };
        var buffered = new Option<bool>("--buffered") { Description = "Buffered I/O with fsync instead of O_DIRECT (development only)." };
        var command = new Command("send-extend", "Send one extend request as host --host-id and print the reply (exit 0 success, 2 refused, 3 failure reply, 4 timeout).");
        foreach (var option in new Option[] { inbox, outbox, hostId, domain, volume, size, timeout, buffered })
        {
            command.Options.Add(option);
        }

        command.SetAction((parseResult, cancellationToken) => CommandInput.RunAsync(parseResult, async output =>
        {
            var sizeMib = CommandInput.ParseSizeMib(parseResult.GetValue(size), "--size-mib");
            if (sizeMib == 0)
            {
                throw new RequestRefusedException("--size-mib 0: " + HostMailbox.SizeRefusal(0));
            }

            var message = new ExtendMessage(
                CommandInput.ParseUuid(parseResult.GetValue(domain), "--domain"),
                CommandInput.ParseUuid(parseResult.GetValue(volume), "--volume"),
                sizeMib);
            var id = parseResult.GetValue(hostId);
            if (id is < MailboxLayout.MinHostId or > MailboxLayout.MaxHostId)
            {
                throw new CommandInputException($"--host-id: {id} is not a host id (1..{MailboxLayout.MaxHostId}).");
            }

            var seconds = parseResult.GetValue(timeout);
            if (!(seconds > 0 && seconds <= 86_400))
            {
                throw new CommandInputException($"--timeout: {seconds.ToString(CultureInfo.InvariantCulture)} must be more than 0 and at most 86400 seconds.");
            }

            CommandInput.RequireFile(parseResult.GetValue(inbox), "--inbox");
            CommandInput.RequireFile(parseResult.GetValue(outbox), "--outbox");
            var options = new HostMailboxOptions
            {
                InboxPath = parseResult.GetValue(inbox)!,
                OutboxPath = parseResult.GetValue(outbox)!,
                HostId = id,
                IoMode = CommandInput.IoMode(parseResult.GetValue(buffered)),
            };
            return await SendAsync(options, message, TimeSpan.FromSeconds(seconds), output, cancellationToken);
        }));
        return command;
    }

    private static async Task<int> SendAsync(
        HostMailboxOptions options, ExtendMessage message, TimeSpan timeout, TextWriter output, CancellationToken cancellationToken)
    {
        await using var host = new HostMailbox(options, TimeProvider.System, NullLogger<HostMailbox>.Instance);
        await host.StartAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        ExtendReply reply;
        try
        {
            reply = await host.SendAsync(message, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"timeout: no reply within {timeout.TotalSeconds} s; the request was withdrawn (host {options.HostId}, volume {message.Volume})"));
            return MailboxExitCodes.Timeout;
        }

        await host.StopAsync(cancellationToken);
        var verdict = reply.Succeeded ? "success" : "failure";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{verdict}: domain {message.Domain} volume {message.Volume} size {message.SizeMib} MiB (host {options.HostId})"));
        return reply.Succeeded ? MailboxExitCodes.Success : MailboxExitCodes.FailureReply;
    }
}
