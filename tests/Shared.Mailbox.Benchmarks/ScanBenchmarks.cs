using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Shared.Mailbox.Benchmarks;

/// <summary>
/// A full scan of hosts 1..N on a real file with direct I/O: every host block holds 8 pending requests.
/// <see cref="ReadAndValidateAll"/> is the cold case (one read, every checksum computed, every slot classified);
/// <see cref="ManagerFullScan"/> is the manager's own scan in steady state (unchanged blocks are compared, not re-parsed).
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks
{
    private BenchmarkFiles? _files;
    private MailboxDevice? _inbox;
    private MailboxBuffer? _buffer;
    private ManagerMailbox? _manager;

    [Params(250, 2000)]
    public int Hosts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _files = new BenchmarkFiles();
        _files.FillInbox(Hosts, requests: 8);
        _inbox = MailboxDevice.Open(_files.InboxPath, MailboxIoMode.Direct, writable: false);
        _buffer = new MailboxBuffer(Hosts + 1);
        var options = new ManagerMailboxOptions
        {
            InboxPath = _files.InboxPath,
            OutboxPath = _files.OutboxPath,
            MaxHosts = Hosts,
            EventInterval = TimeSpan.FromMinutes(10),
            FullScanInterval = TimeSpan.FromMinutes(10),
        };
        _manager = new ManagerMailbox(options, new NullHandler(), TimeProvider.System, NullLogger<ManagerMailbox>.Instance);
        _manager.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _manager?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _buffer?.Dispose();
        _inbox?.Dispose();
        _files?.Dispose();
    }

    [Benchmark]
    public int ReadAndValidateAll()
    {
        _inbox!.Read(0, _buffer!.Span);
        var requests = 0;
        for (var hostId = 1; hostId <= Hosts; hostId++)
        {
            var block = _buffer.Block(hostId);
            if (MailboxBlockCodec.CheckHostBlock(block) != HostBlockStatus.Valid)
            {
                throw new InvalidOperationException($"host {hostId} invalid");
            }

            for (var slot = 0; slot < MailboxLayout.MessagesPerBlock; slot++)
            {
                if (MailboxCodec.Classify(MailboxBlockCodec.GetSlot(block, slot)) == MailboxMessageKind.Extend)
                {
                    requests++;
                }
            }
        }

        return requests;
    }

    [Benchmark]
    public Task ManagerFullScan() => _manager!.ScanNowAsync(CancellationToken.None);
}
