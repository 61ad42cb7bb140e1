using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// One extend request from the host role to the manager role and back, on real files with direct I/O; the
/// manager's handler replies at once (no lvextend). "default" uses the shipped intervals (events 10 ms, reply
/// polling 25 ms); "fast" 1 ms and 2 ms. The CLEAN handshake of one request overlaps the next request.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private BenchmarkFiles? _files;
    private ManagerMailbox? _manager;
    private HostMailbox? _host;
    private ulong _size;

    [Params("default", "fast")]
    public string Intervals { get; set; } = "default";

    [GlobalSetup]
    public void Setup()
    {
        _files = new BenchmarkFiles();
        var fast = Intervals == "fast";
        var handler = new ReplyingHandler();
        _manager = new ManagerMailbox(
            new ManagerMailboxOptions
            {
                InboxPath = _files.InboxPath,
                OutboxPath = _files.OutboxPath,
                MaxHosts = 250,
                EventInterval = fast ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(10),
            },
            handler,
            TimeProvider.System,
            NullLogger<ManagerMailbox>.Instance);
        handler.Manager = _manager;
        _manager.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host = new HostMailbox(
            new HostMailboxOptions
            {
                InboxPath = _files.InboxPath,
                OutboxPath = _files.OutboxPath,
                HostId = 250,
                PollInterval = fast ? TimeSpan.FromMilliseconds(2) : TimeSpan.FromMilliseconds(25),
            },
            TimeProvider.System,
            NullLogger<HostMailbox>.Instance);
        _host.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _manager?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _files?.Dispose();
    }

    [Benchmark]
    public async Task<bool> HostToManagerRoundTrip()
    {
        var reply = await _host!.SendAsync(new ExtendMessage(Guid.NewGuid(), Guid.NewGuid(), ++_size), CancellationToken.None);
        return reply.Succeeded;
    }

    private sealed class ReplyingHandler : IMailboxRequestHandler
    {
        public ManagerMailbox? Manager { get; set; }

        public async ValueTask OnRequestAsync(MailboxRequest request, CancellationToken cancellationToken) =>
            await Manager!.ReplyAsync(request, success: true, cancellationToken);

        public ValueTask OnRequestWithdrawnAsync(MailboxRequest request, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnChecksumErrorAsync(int hostId, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
