using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// One extend request from the host role to the manager role and back, on real files with direct I/O; the
/// manager's handler replies at once (no lvextend). "shipped" uses the shipped defaults (doorbell every 2 ms; the
/// host polls every 1 ms for 300 ms after a write, then backs off to 25 ms); "previous" the earlier defaults
/// (doorbell 10 ms, constant 25 ms reply poll). The CLEAN handshake of one request overlaps the next request.
/// </summary>
[MemoryDiagnoser]
public class RoundTripBenchmarks
{
    private BenchmarkFiles? _files;
    private ManagerMailbox? _manager;
    private HostMailbox? _host;
    private ulong _size;

    [Params("shipped", "previous")]
    public string Intervals { get; set; } = "shipped";

    [GlobalSetup]
    public void Setup()
    {
        _files = new BenchmarkFiles();
        var previous = Intervals == "previous";
        var handler = new ReplyingHandler();
        var managerOptions = new ManagerMailboxOptions { InboxPath = _files.InboxPath, OutboxPath = _files.OutboxPath, MaxHosts = 250 };
        var hostOptions = new HostMailboxOptions { InboxPath = _files.InboxPath, OutboxPath = _files.OutboxPath, HostId = 250 };
        if (previous)
        {
            managerOptions.EventInterval = TimeSpan.FromMilliseconds(10);
            hostOptions.FastPollInterval = hostOptions.PollInterval;
        }

        _manager = new ManagerMailbox(managerOptions, handler, TimeProvider.System, NullLogger<ManagerMailbox>.Instance);
        handler.Manager = _manager;
        _manager.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _host = new HostMailbox(hostOptions, TimeProvider.System, NullLogger<HostMailbox>.Instance);
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
}
