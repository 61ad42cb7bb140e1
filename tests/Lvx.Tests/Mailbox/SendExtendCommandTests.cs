using System.Globalization;
using LvExtend.TestSupport.Mailbox;
using Lvx.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Mailbox;

namespace Lvx.Tests.Mailbox;

/// <summary>send-extend as a host against a real manager role on disk files.</summary>
public sealed class SendExtendCommandTests
{
    private const string Domain = "8adbc85e-e554-4ae0-b318-8a5465fe5fe1";

    [Theory]
    [InlineData(true, 0, "success")]
    [InlineData(false, 3, "failure")]
    public async Task SendExtend_ManagerAnswers_ExitCodeFollowsTheReply(bool succeed, int exitCode, string verdict)
    {
        using var mailbox = TempMailbox.Create();
        var handler = new AnsweringHandler(succeed);
        await using var manager = await StartManagerAsync(mailbox, handler);
        var volume = Guid.NewGuid().ToString();

        var result = await CliRunner.RunAsync(Args(mailbox, volume, "20"));

        Assert.Equal(exitCode, result.ExitCode);
        Assert.StartsWith($"{verdict}: domain {Domain} volume {volume} size 2048 MiB (host 5)", result.Output, StringComparison.Ordinal);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(new MessageId(5, 0), request.Id);
        Assert.Equal(Guid.Parse(volume), request.Extend!.Value.Volume);
    }

    [Fact]
    public async Task SendExtend_NoReply_TimesOutWithExit4_AndWithdraws()
    {
        using var mailbox = TempMailbox.Create();
        var handler = new AnsweringHandler(null);
        await using var manager = await StartManagerAsync(mailbox, handler);

        var result = await CliRunner.RunAsync(Args(mailbox, Guid.NewGuid().ToString(), "0.3"));

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("timeout:", result.Output, StringComparison.Ordinal);
        var block = new byte[4096];
        await using (var inbox = File.OpenRead(mailbox.InboxPath))
        {
            inbox.Position = 5 * 4096;
            await inbox.ReadExactlyAsync(block);
        }

        Assert.False(block.AsSpan().ContainsAnyExcept((byte)0)); // the request block is left zeroed
    }

    [Theory]
    [InlineData("--host-id", "0", "--host-id")]
    [InlineData("--host-id", "2001", "--host-id")]
    [InlineData("--timeout", "-1", "--timeout")]
    [InlineData("--inbox", "/tmp/lvx-clitest-missing/inbox", "does not exist")]
    public async Task SendExtend_BadInput_ClearError(string option, string value, string expected)
    {
        using var mailbox = TempMailbox.Create();
        var args = Args(mailbox, Guid.NewGuid().ToString(), "5").ToList();
        args[args.IndexOf(option) + 1] = value;

        var result = await CliRunner.RunAsync([.. args]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendExtend_SizeZero_RefusedWithExit2_NothingWritten()
    {
        using var mailbox = TempMailbox.Create();
        var args = Args(mailbox, Guid.NewGuid().ToString(), "5").ToList();
        args[args.IndexOf("--size-mib") + 1] = "0";

        var result = await CliRunner.RunAsync([.. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("lvx: refused: --size-mib 0: Size 0 cannot be sent", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        var inbox = await File.ReadAllBytesAsync(mailbox.InboxPath);
        Assert.False(inbox.AsSpan().ContainsAnyExcept((byte)0)); // no request, no doorbell
    }

    private static string[] Args(TempMailbox mailbox, string volume, string timeout) =>
    [
        "mailbox", "send-extend", "--inbox", mailbox.InboxPath, "--outbox", mailbox.OutboxPath, "--host-id", "5",
        "--domain", Domain, "--volume", volume, "--size-mib", "2048", "--timeout", timeout,
    ];

    private static async Task<ManagerMailbox> StartManagerAsync(TempMailbox mailbox, AnsweringHandler handler)
    {
        var options = new ManagerMailboxOptions
        {
            InboxPath = mailbox.InboxPath,
            OutboxPath = mailbox.OutboxPath,
            MaxHosts = 8,
            EventInterval = TimeSpan.FromMilliseconds(2),
        };
        var manager = new ManagerMailbox(options, handler, TimeProvider.System, NullLogger<ManagerMailbox>.Instance);
        handler.Manager = manager;
        await manager.StartAsync(CancellationToken.None);
        return manager;
    }

    private sealed class AnsweringHandler(bool? succeed) : IMailboxRequestHandler
    {
        public ManagerMailbox? Manager { get; set; }

        public List<MailboxRequest> Requests { get; } = [];

        public async ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            if (succeed is { } success)
            {
                await Manager!.ReplyAsync(request, success, cancellationToken);
            }
        }

        public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Requests.Count} requests");
    }
}
