using LvExtend.TestSupport.Logging;
using LvExtend.TestSupport.Mailbox;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests.Support;

/// <summary>Storage plus a manager and hosts with short intervals, all disposed together.</summary>
public sealed class MailboxRig : IAsyncDisposable
{
    private readonly ITestOutputHelper? _output;
    private readonly List<HostMailbox> _hosts = [];

    public MailboxRig(TempMailbox storage, ITestOutputHelper? output, int maxHosts = 16)
    {
        Storage = storage;
        _output = output;
        MaxHosts = maxHosts;
    }

    public TempMailbox Storage { get; }

    public int MaxHosts { get; }

    public RecordingHandler Handler { get; private set; } = new();

    public ManagerMailbox? Manager { get; private set; }

    public TestLogger<ManagerMailbox> ManagerLogger { get; private set; } = new();

    public TestLogger<HostMailbox> HostLogger { get; } = new();

    public ManagerMailboxOptions ManagerOptions(TimeSpan? fullScan = null, TimeSpan? checksumRetry = null) => new()
    {
        InboxPath = Storage.InboxPath,
        OutboxPath = Storage.OutboxPath,
        MaxHosts = MaxHosts,
        EventInterval = TimeSpan.FromMilliseconds(2),
        FullScanInterval = fullScan ?? TimeSpan.FromMilliseconds(250),
        ChecksumRetryDelay = checksumRetry ?? TimeSpan.FromMilliseconds(5),
    };

    public HostMailboxOptions HostOptions(int hostId) => new()
    {
        InboxPath = Storage.InboxPath,
        OutboxPath = Storage.OutboxPath,
        HostId = hostId,
        PollInterval = TimeSpan.FromMilliseconds(5),
        StopTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>Starts a (new) manager with a fresh handler.</summary>
    public async Task<ManagerMailbox> StartManagerAsync(Func<MailboxRequest, bool?>? decide = null, ManagerMailboxOptions? options = null)
    {
        Handler = new RecordingHandler { Decide = decide ?? (_ => true) };
        ManagerLogger = new TestLogger<ManagerMailbox>(_output);
        Manager = new ManagerMailbox(options ?? ManagerOptions(), Handler, TimeProvider.System, ManagerLogger);
        Handler.Manager = Manager;
        await Manager.StartAsync(CancellationToken.None);
        return Manager;
    }

    public async Task StopManagerAsync()
    {
        if (Manager is not null)
        {
            await Manager.DisposeAsync();
            Manager = null;
        }
    }

    public async Task<HostMailbox> StartHostAsync(int hostId, HostMailboxOptions? options = null)
    {
        var host = new HostMailbox(options ?? HostOptions(hostId), TimeProvider.System, _hosts.Count < 4 ? new TestLogger<HostMailbox>(_output) : HostLogger);
        _hosts.Add(host);
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    public static ExtendMessage NewRequest(ulong sizeMib = 1024) => new(Guid.NewGuid(), Guid.NewGuid(), sizeMib);

    /// <summary>A host request block holding <paramref name="slots"/>, with its checksum.</summary>
    public static byte[] SealedBlock(params (int Slot, ExtendMessage Message)[] slots)
    {
        var block = new byte[4096];
        foreach (var (slot, message) in slots)
        {
            MailboxCodec.EncodeExtend(message, MailboxBlockCodec.GetSlot(block.AsSpan(), slot));
        }

        MailboxBlockCodec.SealHostBlock(block);
        return block;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await StopManagerAsync();
    }
}
