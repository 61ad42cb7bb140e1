using Microsoft.Extensions.Logging.Abstractions;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox;

namespace Spm.Coordinator.IntegrationTests.Support;

/// <summary>The agent side of the mailbox for one host id (the real <see cref="HostMailbox"/>).</summary>
internal sealed class HostSide : IAsyncDisposable
{
    private readonly HostMailbox _mailbox;

    private HostSide(HostMailbox mailbox) => _mailbox = mailbox;

    public static async Task<HostSide> StartAsync(TempMailbox files, int hostId)
    {
        var mailbox = new HostMailbox(
            new HostMailboxOptions
            {
                InboxPath = files.InboxPath,
                OutboxPath = files.OutboxPath,
                HostId = hostId,
                PollInterval = TimeSpan.FromMilliseconds(10),
                IoMode = MailboxIoMode.Direct,
            },
            TimeProvider.System,
            NullLogger<HostMailbox>.Instance);
        await mailbox.StartAsync(CancellationToken.None);
        return new HostSide(mailbox);
    }

    /// <summary>Sends a request and waits (at most <paramref name="timeout"/>) for its reply.</summary>
    public async Task<ExtendReply> ExtendAsync(Guid domain, Guid volume, ulong sizeMib, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _mailbox.SendAsync(new ExtendMessage(domain, volume, sizeMib), cts.Token);
    }

    /// <summary>Sends a request without waiting; the task completes with the reply.</summary>
    public Task<ExtendReply> Send(Guid domain, Guid volume, ulong sizeMib, CancellationToken cancellationToken) =>
        _mailbox.SendAsync(new ExtendMessage(domain, volume, sizeMib), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _mailbox.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _mailbox.DisposeAsync();
        }
    }
}
