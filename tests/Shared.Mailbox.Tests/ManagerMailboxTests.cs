using System.Text;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using LvExtend.TestSupport.Mailbox;
using Microsoft.Extensions.Options;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;
using static Shared.Mailbox.Tests.Support.MailboxRig;

namespace Shared.Mailbox.Tests;

/// <summary>The manager role alone, against raw writes standing in for hosts.</summary>
public sealed class ManagerMailboxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_ZeroesTheOutboxForBlocks0ToMaxHosts_AndNothingBeyond()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output, maxHosts: 10);
        using var storage = rig.Storage;
        var garbage = new byte[4096];
        garbage.AsSpan().Fill(0x77);
        foreach (var block in new[] { 0, 1, 10, 11 })
        {
            storage.WriteOutboxBlock(block, garbage);
        }

        await rig.StartManagerAsync();

        Assert.False(storage.ReadOutboxBlock(0).AsSpan().ContainsAnyExcept((byte)0));
        Assert.False(storage.ReadOutboxBlock(1).AsSpan().ContainsAnyExcept((byte)0));
        Assert.False(storage.ReadOutboxBlock(10).AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(garbage, storage.ReadOutboxBlock(11));
    }

    [Fact]
    public async Task Start_PendingRequestsAreNew_IncludingHostMaxHosts()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output, maxHosts: 10);
        using var storage = rig.Storage;
        var requests = new Dictionary<int, ExtendMessage> { [1] = MailboxRig.NewRequest(1), [10] = MailboxRig.NewRequest(10), [11] = MailboxRig.NewRequest(11) };
        foreach (var (hostId, request) in requests)
        {
            storage.WriteInboxBlock(hostId, SealedBlock((2, request)), ring: false);
        }

        await rig.StartManagerAsync();

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 2, "hosts 1 and 10 answered");
        Assert.Equal([1, 10], rig.Handler.Requests.Select(r => r.Id.HostId).Order());
        Assert.All(rig.Handler.Requests, r => Assert.Equal(2, r.Id.Slot));
        Assert.Equal(new MessageId(10, 2).Value, rig.Handler.Requests.Single(r => r.Id.HostId == 10).Id.Value);
        Assert.True(storage.ReadOutboxBlock(10).AsSpan(128, 64).SequenceEqual(SealedBlock((2, requests[10])).AsSpan(128, 64)));
        Assert.False(storage.ReadOutboxBlock(11).AsSpan().ContainsAnyExcept((byte)0)); // beyond MaxHosts
    }

    [Fact]
    public async Task Reply_WritesOnlyThatSlotOfThatHostsBlock()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var request = MailboxRig.NewRequest(2048);
        storage.WriteInboxBlock(3, SealedBlock((12, request)), ring: false);
        await rig.StartManagerAsync(_ => false);

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered");

        var (sent, success, written) = rig.Handler.Replies.Single();
        Assert.True(written);
        Assert.False(success);
        Assert.Equal(new MessageId(3, 12), sent.Id);
        var outbox = storage.ReadOutboxBlock(3);
        var reply = outbox.AsSpan(12 * 64, 64);
        Assert.Equal(MailboxReplyState.Failure, MailboxCodec.ClassifyReply(sent.Payload.Span, reply));
        Assert.Equal(request with { SizeMib = 0 }, MailboxCodec.DecodeExtend(reply));
        Assert.False(outbox.AsSpan(0, 12 * 64).ContainsAnyExcept((byte)0));
        Assert.False(outbox.AsSpan(13 * 64).ContainsAnyExcept((byte)0));
    }

    [Fact]
    public async Task Clean_IsEchoed()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        await rig.StartManagerAsync();
        var block = new byte[4096];
        MailboxCodec.EncodeClean(MailboxBlockCodec.GetSlot(block.AsSpan(), 5));
        MailboxBlockCodec.SealHostBlock(block);

        storage.WriteInboxBlock(2, block);

        await Eventually.TrueAsync(() => MailboxCodec.IsClean(storage.ReadOutboxBlock(2).AsSpan(5 * 64, 64)), "CLEAN echoed");
        Assert.Empty(rig.Handler.Requests);
    }

    [Fact]
    public async Task UnknownOpcode_DispatchedAsUnknown_NotAnswered_WithdrawnWhenCleared()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        await rig.StartManagerAsync();
        var block = new byte[4096];
        Encoding.ASCII.GetBytes("1shrk-some-future-message").CopyTo(block, 0);
        var malformed = Encode(MailboxRig.NewRequest());
        malformed[40] = (byte)'x'; // an extend message with a bad size digit
        malformed.CopyTo(block, 64);
        MailboxBlockCodec.SealHostBlock(block);

        storage.WriteInboxBlock(4, block);

        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 2, "dispatched");
        Assert.All(rig.Handler.Requests, r => Assert.Equal(MailboxMessageKind.Unknown, r.Kind));
        Assert.All(rig.Handler.Requests, r => Assert.Null(r.Extend));
        Assert.Equal(block.AsSpan(0, 64).ToArray(), rig.Handler.Requests.Single(r => r.Id.Slot == 0).Payload.ToArray());
        Assert.Empty(rig.Handler.Replies);
        Assert.False(storage.ReadOutboxBlock(4).AsSpan().ContainsAnyExcept((byte)0));

        storage.WriteInboxBlock(4, new byte[4096]);
        await Eventually.TrueAsync(() => rig.Handler.Withdrawn.Count == 2, "withdrawn");
    }

    [Fact]
    public async Task HostThatDoesNotRing_IsFoundByTheFullScan()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var manager = await rig.StartManagerAsync();
        var request = MailboxRig.NewRequest();

        storage.WriteInboxBlock(13, SealedBlock((0, request)), ring: false); // a vdsm host with events disabled

        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "answered after a periodic scan");
        Assert.True(manager.FullScans >= 2);
    }

    [Fact]
    public async Task Stop_ThenReply_WritesNothing()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        storage.WriteInboxBlock(3, SealedBlock((0, MailboxRig.NewRequest())), ring: false);
        var manager = await rig.StartManagerAsync(_ => null);
        await Eventually.TrueAsync(() => rig.Handler.Requests.Count == 1, "dispatched");

        await manager.StopAsync(CancellationToken.None);

        Assert.False(await manager.ReplyAsync(rig.Handler.Requests.Single(), true, CancellationToken.None));
        Assert.False(storage.ReadOutboxBlock(3).AsSpan().ContainsAnyExcept((byte)0));
    }

    [Fact]
    public async Task BadBlock_RescannedUnchanged_CountedLoggedAndReportedOnce_UntilItChangesOrHeals()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output);
        using var storage = rig.Storage;
        var manager = await rig.StartManagerAsync();
        var request = MailboxRig.NewRequest(512);
        var bad = SealedBlock((0, request));
        bad[4095] ^= 0x40; // a stored checksum that no content matches

        for (var ring = 0; ring < 6; ring++)
        {
            var scans = manager.FullScans;
            storage.WriteInboxBlock(4, bad, ring: true);
            await Eventually.TrueAsync(() => manager.FullScans > scans + 1, "rescanned");
        }

        Assert.Equal(1, manager.ChecksumErrors);
        Assert.Equal([4], rig.Handler.ChecksumErrors);
        Assert.Single(rig.ManagerLogger.Entries, e => e.EventId.Name == "ManagerMailboxChecksumFailed");

        // Different bad bytes are a new problem: counted once more.
        var worse = bad.ToArray();
        worse[100] ^= 0x01;
        storage.WriteInboxBlock(4, worse, ring: true);
        await Eventually.TrueAsync(() => manager.ChecksumErrors == 2, "the new bad content counted");

        // Healed: the valid block is processed and the heal logged.
        storage.WriteInboxBlock(4, SealedBlock((0, request)), ring: true);
        await Eventually.TrueAsync(() => rig.Handler.Replies.Count == 1, "the request answered");
        Assert.True(rig.ManagerLogger.Has("ManagerMailboxChecksumHealed"));
        Assert.Equal(2, rig.Handler.ChecksumErrors.Count);
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesEverySetting()
    {
        var options = new ManagerMailboxOptions { MaxHosts = 2001, EventInterval = TimeSpan.Zero, MaxConcurrentDispatch = 0 };

        var error = Assert.Throws<OptionsValidationException>(
            () => new ManagerMailbox(options, new RecordingHandler(), TimeProvider.System, new TestLogger<ManagerMailbox>()));

        Assert.Contains(error.Failures, f => f.Contains("MaxHosts", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("EventInterval", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxConcurrentDispatch", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("OutboxPath", StringComparison.Ordinal));
    }

    private static byte[] Encode(ExtendMessage message)
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(message, bytes);
        return bytes;
    }
}
