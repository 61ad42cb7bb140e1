using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using LvExtend.TestSupport.Mailbox;
using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests;

/// <summary>
/// The manager's write gate, driven as the coordinator drives it: a local lease deadline on a
/// <see cref="FakeTimeProvider"/>. Past the deadline the manager writes nothing to the outbox: no zeroing at start,
/// no reply, no CLEAN echo.
/// </summary>
public sealed class ManagerWriteGateTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Start_PastTheLeaseDeadline_RefusesAndLeavesTheOutboxUntouched()
    {
        using var storage = TempMailbox.Create();
        var time = new FakeTimeProvider(Start);
        var deadline = Start - TimeSpan.FromMilliseconds(1);
        var garbage = Filled(0x55);
        storage.WriteOutboxBlock(1, garbage);
        await using var manager = CreateManager(storage, time, () => time.GetUtcNow() < deadline, new RecordingHandler());

        var error = await Assert.ThrowsAsync<MailboxWriteRefusedException>(() => manager.StartAsync(CancellationToken.None));

        Assert.Contains("not zeroed", error.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, storage.ReadOutboxBlock(1));
        Assert.True(manager.Completion.IsFaulted);
    }

    [Fact]
    public async Task Reply_AfterTheLeaseDeadline_WritesNothing_AndReportsWriteRefused()
    {
        using var storage = TempMailbox.Create();
        var time = new FakeTimeProvider(Start);
        var deadline = Start + TimeSpan.FromSeconds(2);
        var request = MailboxRig.NewRequest(4096);
        storage.WriteInboxBlock(3, Sealed(0, Encode(request)), ring: false);
        var handler = new RecordingHandler { Decide = _ => null };
        var logger = new TestLogger<ManagerMailbox>(output);
        await using var manager = CreateManager(storage, time, () => time.GetUtcNow() < deadline, handler, logger);
        handler.Manager = manager;
        await manager.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => handler.Requests.Count == 1, "dispatched at start");

        time.Advance(TimeSpan.FromSeconds(2)); // the deadline passes
        var outcome = await manager.TryReplyAsync(handler.Requests.Single(), success: true, CancellationToken.None);

        Assert.Equal(MailboxReplyOutcome.WriteRefused, outcome);
        Assert.False(storage.ReadOutboxBlock(3).AsSpan().ContainsAnyExcept((byte)0));
        Assert.Equal(1, manager.RefusedWrites);
        Assert.True(logger.Has("ManagerMailboxWriteRefused"));

        // Renewed (the deadline moves on): the same request can be answered, and only then is it on the outbox.
        deadline = time.GetUtcNow() + TimeSpan.FromSeconds(2);
        Assert.Equal(MailboxReplyOutcome.Written, await manager.TryReplyAsync(handler.Requests.Single(), success: true, CancellationToken.None));
        Assert.Equal(Encode(request), storage.ReadOutboxBlock(3).AsSpan(0, 64).ToArray());
    }

    [Fact]
    public async Task CleanEcho_AfterTheLeaseDeadline_IsNotWritten_UntilTheGateAllowsIt()
    {
        using var storage = TempMailbox.Create();
        var time = new FakeTimeProvider(Start);
        var mayWrite = true;
        var handler = new RecordingHandler();
        await using var manager = CreateManager(storage, time, () => mayWrite, handler);
        handler.Manager = manager;
        await manager.StartAsync(CancellationToken.None);

        mayWrite = false;
        storage.WriteInboxBlock(5, Sealed(7, Clean()), ring: true);
        var scans = manager.FullScans;
        await AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(2), () => manager.FullScans > scans && manager.RefusedWrites > 0, "scanned, echo refused");
        Assert.False(storage.ReadOutboxBlock(5).AsSpan().ContainsAnyExcept((byte)0));

        // A later scan (the full-scan interval) with the gate open writes the pending echo.
        mayWrite = true;
        await AdvanceUntilAsync(time, TimeSpan.FromMilliseconds(100), () => MailboxCodec.IsClean(storage.ReadOutboxBlock(5).AsSpan(7 * 64, 64)), "CLEAN echoed");
    }

    [Fact]
    public async Task Completion_LoopFailsForGood_FaultsAndIsLogged()
    {
        using var storage = TempMailbox.Create();
        var throwing = false;
        var logger = new TestLogger<ManagerMailbox>(output);
        await using var manager = CreateManager(
            storage, TimeProvider.System, () => throwing ? throw new InvalidOperationException("gate bug") : true, new RecordingHandler(), logger);
        await manager.StartAsync(CancellationToken.None);
        Assert.False(manager.Completion.IsCompleted);

        throwing = true;
        storage.WriteInboxBlock(2, Sealed(0, Clean()), ring: true); // the echo asks the gate, which throws

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Within(manager.Completion));
        Assert.Equal("gate bug", error.Message);
        Assert.True(logger.Has("ManagerMailboxLoopFailed"));
    }

    /// <summary>Advances fake time in steps until the condition holds (the loop may start its timer after the first step).</summary>
    private static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            time.Advance(step);
            await Task.Delay(10);
        }

        Assert.True(condition(), what);
    }

    private static ManagerMailbox CreateManager(
        TempMailbox storage, TimeProvider time, Func<bool> mayWrite, RecordingHandler handler, TestLogger<ManagerMailbox>? logger = null) =>
        new(
            new ManagerMailboxOptions
            {
                InboxPath = storage.InboxPath,
                OutboxPath = storage.OutboxPath,
                MaxHosts = 8,
                EventInterval = TimeSpan.FromMilliseconds(2),
                FullScanInterval = TimeSpan.FromSeconds(1),
            },
            handler,
            new MailboxWriteGate(mayWrite),
            time,
            logger ?? new TestLogger<ManagerMailbox>());

    private static byte[] Filled(byte value)
    {
        var block = new byte[4096];
        block.AsSpan().Fill(value);
        return block;
    }

    private static byte[] Encode(ExtendMessage message)
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeExtend(message, bytes);
        return bytes;
    }

    private static byte[] Clean()
    {
        var bytes = new byte[64];
        MailboxCodec.EncodeClean(bytes);
        return bytes;
    }

    private static byte[] Sealed(int slot, byte[] message)
    {
        var block = new byte[4096];
        message.CopyTo(block, slot * 64);
        MailboxBlockCodec.SealHostBlock(block);
        return block;
    }
}
