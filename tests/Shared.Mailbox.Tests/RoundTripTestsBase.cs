using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests;

/// <summary>The host role against the manager role over real storage with direct I/O.</summary>
public abstract class RoundTripTestsBase
{
    private readonly ITestOutputHelper _output;

    protected RoundTripTestsBase(ITestOutputHelper output) => _output = output;

    protected abstract bool LoopDevices { get; }

    private MailboxRig CreateRig(int maxHosts = 16) => new(TempMailbox.Create(LoopDevices), _output, maxHosts);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(63)]
    public async Task ConcurrentRequests_EachAnsweredExactlyOnce(int count)
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync();
        var host = await rig.StartHostAsync(7);
        var requests = Enumerable.Range(0, count).Select(i => MailboxRig.NewRequest((ulong)(1024 + i))).ToList();

        var replies = await Eventually.Within(Task.WhenAll(requests.Select(r => host.SendAsync(r, CancellationToken.None))));

        Assert.Equal(requests.Select(r => new ExtendReply(r, true)), replies);
        Assert.All(requests, r => Assert.Equal(1, rig.Handler.CountOf(r)));
        Assert.Equal(count, rig.Handler.Requests.Count);
        Assert.All(rig.Handler.Requests, r => Assert.Equal(7, r.Id.HostId));
        Assert.Equal(Enumerable.Range(0, count), rig.Handler.Requests.Select(r => r.Id.Slot).Order());

        // The CLEAN handshake ends with the host's block all zeros again.
        await Eventually.TrueAsync(() => host.InFlight == 0, "all slots freed");
        await Eventually.TrueAsync(() => !storage.ReadInboxBlock(7).AsSpan().ContainsAnyExcept((byte)0), "host block zeroed");
        Assert.Empty(rig.Handler.Withdrawn);
        Assert.Empty(rig.ManagerLogger.Errors);
    }

    [Fact]
    public async Task MoreThan63Requests_QueueBeyondTheSlots_AllAnswered()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync();
        var host = await rig.StartHostAsync(3);
        var requests = Enumerable.Range(1, 150).Select(i => MailboxRig.NewRequest((ulong)i)).ToList();

        var replies = await Eventually.Within(Task.WhenAll(requests.Select(r => host.SendAsync(r, CancellationToken.None))));

        Assert.All(replies, r => Assert.True(r.Succeeded));
        Assert.All(requests, r => Assert.Equal(1, rig.Handler.CountOf(r)));
        Assert.All(rig.Handler.Requests, r => Assert.InRange(r.Id.Slot, 0, 62));
    }

    [Fact]
    public async Task IdenticalRequests_JoinOneSlot_AllCallersGetTheReply()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        var release = new TaskCompletionSource();
        await rig.StartManagerAsync();
        var host = await rig.StartHostAsync(2);
        var request = MailboxRig.NewRequest();
        rig.Handler.Decide = _ => null; // hold the reply until every duplicate has joined

        var first = host.SendAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "the request dispatched");
        var duplicates = Enumerable.Range(0, 9).Select(_ => host.SendAsync(request, CancellationToken.None)).ToList();
        Assert.Equal(1, host.InFlight);
        await rig.Manager!.ReplyAsync(rig.Handler.Requests.Single(), success: true, CancellationToken.None);

        var replies = await Eventually.Within(Task.WhenAll(duplicates.Append(first)));

        Assert.All(replies, r => Assert.Equal(new ExtendReply(request, true), r));
        Assert.Equal(1, rig.Handler.CountOf(request));
    }

    [Fact]
    public async Task FailureReply_CompletesWithSucceededFalse()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        var failing = MailboxRig.NewRequest(2048);
        await rig.StartManagerAsync(r => r.Extend!.Value.Volume != failing.Volume);
        var host = await rig.StartHostAsync(5);
        var other = MailboxRig.NewRequest(4096);

        var failed = await Eventually.Within(host.SendAsync(failing, CancellationToken.None));
        var succeeded = await Eventually.Within(host.SendAsync(other, CancellationToken.None));

        Assert.Equal(new ExtendReply(failing, false), failed);
        Assert.Equal(new ExtendReply(other, true), succeeded);
    }

    [Fact]
    public async Task ManagerRestarted_WhileRequestsPending_AllAnsweredAfterwards()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync(_ => null); // the first manager never answers
        var host = await rig.StartHostAsync(9);
        var requests = Enumerable.Range(0, 20).Select(i => MailboxRig.NewRequest((ulong)(100 + i))).ToList();
        var pending = requests.Select(r => host.SendAsync(r, CancellationToken.None)).ToList();
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 20, "first manager saw every request");
        Assert.All(pending, t => Assert.False(t.IsCompleted));

        await rig.StopManagerAsync();
        await rig.StartManagerAsync();

        var replies = await Eventually.Within(Task.WhenAll(pending));
        Assert.All(replies, r => Assert.True(r.Succeeded));
        Assert.All(requests, r => Assert.Equal(1, rig.Handler.CountOf(r)));
    }

    [Fact]
    public async Task HostRestarted_AfterCrashWithAnAnswerInItsSlot_NewRequestsAnswered()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync();
        var request = MailboxRig.NewRequest(777);

        // A previous run of host 4 left a request in slot 0 and crashed before consuming the reply.
        var block = new byte[4096];
        MailboxCodec.EncodeExtend(request, block);
        MailboxBlockCodec.SealHostBlock(block);
        storage.WriteInboxBlock(4, block);
        await Eventually.TrueAsync(() => storage.ReadOutboxBlock(4).AsSpan(0, 64).SequenceEqual(block.AsSpan(0, 64)), "the reply to the old run");

        // The new run sends the very same request: the stale reply in slot 0 must not hide the new one.
        var host = await rig.StartHostAsync(4);
        var reply = await Eventually.Within(host.SendAsync(request, CancellationToken.None));
        var second = await Eventually.Within(host.SendAsync(MailboxRig.NewRequest(), CancellationToken.None));

        Assert.True(reply.Succeeded);
        Assert.True(second.Succeeded);
        Assert.Equal(2, rig.Handler.CountOf(request));
        Assert.Empty(rig.Handler.Withdrawn); // the old request had been answered
    }

    [Fact]
    public async Task HostRestarted_UnansweredRequestsWithdrawn_ThenServed()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync(_ => null);
        var first = await rig.StartHostAsync(6);
        var request = MailboxRig.NewRequest();
        var pending = first.SendAsync(request, CancellationToken.None);
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "dispatched");

        await first.StopAsync(CancellationToken.None);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.False(storage.ReadInboxBlock(6).AsSpan().ContainsAnyExcept((byte)0));
        await Eventually.TrueAsync(() => rig.Handler.Withdrawn.Count == 1, "withdrawn");
        Assert.Equal(request, rig.Handler.Withdrawn.Single().Extend);

        rig.Handler.Decide = _ => true;
        var second = await rig.StartHostAsync(6);
        var reply = await Eventually.Within(second.SendAsync(request, CancellationToken.None));
        Assert.True(reply.Succeeded);
    }

    [Fact]
    public async Task TornBlock_RetriedQuickly_ThenProcessed()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        // Full scans only every 30 s: only the event and the quick re-read can see the block.
        var manager = await rig.StartManagerAsync(options: rig.ManagerOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1)));
        var request = MailboxRig.NewRequest(5120);
        var complete = new byte[4096];
        MailboxCodec.EncodeExtend(request, complete);
        MailboxBlockCodec.SealHostBlock(complete);
        var torn = new byte[4096];
        complete.AsSpan(0, 2048).CopyTo(torn); // the first half reached the disk, the checksum did not

        var scans = manager.FullScans;
        storage.WriteInboxBlock(11, torn);
        await Eventually.TrueAsync(() => manager.FullScans > scans, "the doorbell scan");
        storage.WriteInboxBlock(11, complete, ring: false); // the write completes before the re-read

        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "processed after the re-read");
        Assert.Equal(request, rig.Handler.Requests.Single().Extend);
        Assert.Equal(0, manager.ChecksumErrors);
        Assert.True(rig.ManagerLogger.Has("ManagerMailboxChecksumRecovered"));
    }

    [Fact]
    public async Task BadChecksum_CountedAndReported_ThenProcessedWhenRewritten()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        var manager = await rig.StartManagerAsync();
        var request = MailboxRig.NewRequest(64);
        var block = new byte[4096];
        MailboxCodec.EncodeExtend(request, block);
        MailboxBlockCodec.SealHostBlock(block);
        block[4092] ^= 0xFF;

        storage.WriteInboxBlock(12, block);
        await Eventually.TrueAsync(() => rig.Handler.ChecksumErrors.Contains(12), "checksum error reported");
        Assert.True(manager.ChecksumErrors >= 1);
        Assert.Empty(rig.Handler.Requests);

        block[4092] ^= 0xFF;
        storage.WriteInboxBlock(12, block);
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "processed once valid");
        await Eventually.TrueAsync(() => storage.ReadOutboxBlock(12).AsSpan(0, 64).SequenceEqual(block.AsSpan(0, 64)), "replied");
    }

    [Fact]
    public async Task Cancellation_FreesTheSlot_ManagerSeesWithdrawal_LateReplyNotWritten()
    {
        await using var rig = CreateRig();
        using var storage = rig.Storage;
        await rig.StartManagerAsync(_ => null);
        var host = await rig.StartHostAsync(8);
        using var cancellation = new CancellationTokenSource();
        var request = MailboxRig.NewRequest();
        var pending = host.SendAsync(request, cancellation.Token);
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "dispatched");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await Eventually.TrueAsync(() => rig.Handler.Withdrawn.Count == 1, "withdrawn");
        Assert.Equal(0, host.InFlight);
        Assert.False(storage.ReadInboxBlock(8).AsSpan().ContainsAnyExcept((byte)0));
        Assert.False(await rig.Manager!.ReplyAsync(rig.Handler.Requests.Single(), true, CancellationToken.None));
    }
}

public sealed class RoundTripOnFilesTests(ITestOutputHelper output) : RoundTripTestsBase(output)
{
    protected override bool LoopDevices => false;
}

public sealed class RoundTripOnLoopDevicesTests(ITestOutputHelper output) : RoundTripTestsBase(output)
{
    protected override bool LoopDevices => true;
}
