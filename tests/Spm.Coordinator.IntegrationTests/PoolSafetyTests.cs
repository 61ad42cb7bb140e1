using System.Diagnostics;
using Dapper;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.IntegrationTests.Support;
using Xunit.Abstractions;

namespace Spm.Coordinator.IntegrationTests;

/// <summary>
/// Regressions of the pool-safety issue on real PostgreSQL, lvm2 and mailbox files: a flooding host, unknown
/// opcodes, size 0, waiting for space, and add-pv that must neither wipe nor poison anything.
/// </summary>
[Collection(LvmTestGroup.Name)]
public sealed class PoolSafetyTests(ITestOutputHelper output)
{
    private const long Mib = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Flood_UnknownVolumesFromOneHost_AnotherHostIsServedAndLvsStaysBounded()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 4096);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1") with
        {
            HostRequestsPerSecond = 100000,
            HostRequestBurst = 100000,
        }, output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        using var lvm = new LvmCommandCounter();
        await using var good = await HostSide.StartAsync(env.Mailbox, hostId: 2);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var flood = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                for (var slot = 0; slot < MailboxLayout.MessagesPerBlock && !stop.IsCancellationRequested; slot++)
                {
                    RawInbox.WriteExtend(env.Mailbox, new MessageId(1, slot), new ExtendMessage(env.DomainId, Guid.NewGuid(), 64));
                    written++;
                }
            }
        });
        var started = Stopwatch.GetTimestamp();

        await Task.Delay(TimeSpan.FromSeconds(1));
        var replies = new List<bool>();
        for (var i = 1; i <= 3; i++)
        {
            replies.Add((await good.ExtendAsync(env.DomainId, volume, (ulong)(8 + (8 * i)), Timeout)).Succeeded);
        }

        await stop.CancelAsync();
        await flood;
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        output.WriteLine($"flood: {written} slot writes in {seconds:F1} s; lvm commands: {lvm.Describe()}");
        Assert.Equal([true, true, true], replies);
        Assert.Equal(32 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
        // Unknown LVs are refused from the cache, re-read at most once per second (plus the good host's).
        Assert.True(lvm.Count("lvs") <= (int)Math.Ceiling(seconds) + 3, $"{lvm.Count("lvs")} lvs in {seconds:F1} s for {written} bogus requests");
        var rejected = (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Rejected, 1, null, 10, CancellationToken.None)).Value!;
        Assert.NotEmpty(rejected);
        // Refused from the LV cache, or (while the cache was being re-read) over the host's outstanding count.
        Assert.All(rejected, r => Assert.True(
            r.Reason!.Contains("no LV", StringComparison.Ordinal) || r.Reason.Contains("requests queued for", StringComparison.Ordinal), r.Reason));
    }

    [Fact]
    public async Task UnknownOpcodeFlood_AuditRowsAreRateLimitedAndSummarized()
    {
        await using var env = await TestEnvironment.CreateAsync();
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var slot = new byte[MailboxLayout.MessageSize];

        var written = 0;
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < until)
        {
            for (var i = 0; i < MailboxLayout.MessagesPerBlock; i++)
            {
                "9frob"u8.CopyTo(slot);
                BitConverter.TryWriteBytes(slot.AsSpan(5), written++);
                RawInbox.WriteSlot(env.Mailbox, new MessageId(3, i), slot);
            }
        }

        // The summary of what was only counted is written within the summary interval (5 s).
        var rows = await PipelineTests.EventuallyAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Ignored, 3, null, 10_000, CancellationToken.None)).Value!,
            r => r.Any(x => x.Reason!.Contains("more unknown messages", StringComparison.Ordinal)));

        output.WriteLine($"{written} unknown messages written, {rows.Count} audit rows");
        Assert.Contains(rows, r => r.Reason!.Contains("more unknown messages from host 3", StringComparison.Ordinal));
        Assert.True(rows.Count < 40, $"{rows.Count} rows for {written} unknown messages");
    }

    [Fact]
    public async Task SizeZero_RecordedAsRefusedAndNotAnsweredWithTheAmbiguousReply()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 1024);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var id = new MessageId(4, 2);

        RawInbox.WriteExtend(env.Mailbox, id, new ExtendMessage(env.DomainId, volume, 0));
        var rows = await PipelineTests.EventuallyAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Rejected, 4, null, 10, CancellationToken.None)).Value!,
            r => r.Count > 0);

        var row = Assert.Single(rows);
        Assert.Contains("byte-identical", row.Reason, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.All(env.Mailbox.ReadOutboxSlot(id), b => Assert.Equal(0, b));
        Assert.Equal(8 * Mib, env.Vg.GetLvSizeBytes(volume.ToString()));
    }

    [Fact]
    public async Task VgFull_WaitersRunNoLvextend_AddPvGoesFirst_ThenOldestFirst_AlreadyLargeAnsweredWithoutLvextend()
    {
        await using var env = await TestEnvironment.CreateAsync(pvSizeGiB: 1);
        var volumes = Enumerable.Range(0, 6).Select(_ => env.CreateVolume(4, capacityMib: 4096)).ToList();
        env.Vg.CreateLv("filler", (env.Vg.GetVg().FreeBytes / Mib) - 8);
        var inspector = TestDeviceInspector.AllowAll();
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output, inspector.Register);
        await coordinator.WaitForLeadershipAsync(Timeout);
        using var lvm = new LvmCommandCounter();
        var messages = new List<(MessageId Id, ExtendMessage Message)>();
        for (var i = 0; i < volumes.Count; i++)
        {
            messages.Add((new MessageId(5, i), new ExtendMessage(env.DomainId, volumes[i], 128)));
        }

        // The same volume asked again for less: served without lvextend once the first is done.
        messages.Add((new MessageId(6, 0), new ExtendMessage(env.DomainId, volumes[0], 64)));
        foreach (var (id, message) in messages)
        {
            RawInbox.WriteExtend(env.Mailbox, id, message);
            await PipelineTests.EventuallyAsync(
                async () => (await coordinator.Admin.GetStatusAsync(CancellationToken.None)).Value!.VolumeGroups[0].WaitingRequests,
                n => n == messages.IndexOf((id, message)) + 1);
        }

        await Task.Delay(TimeSpan.FromSeconds(3)); // several space polls
        var lvextendWhileFull = lvm.Count("lvextend");

        var device = env.Vg.AddPhysicalVolume(1);
        var added = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, device, force: false, CancellationToken.None);
        Assert.True(added.Succeeded, added.Error?.Message);
        foreach (var (id, message) in messages)
        {
            Assert.True(await RawInbox.WaitForReplyAsync(env.Mailbox, id, message, Timeout));
        }

        output.WriteLine($"lvm commands: {lvm.Describe()}");
        Assert.Equal(0, lvextendWhileFull);
        Assert.Equal(volumes.Count, lvm.Count("lvextend"));
        Assert.Equal(messages.Count, added.Value!.WaitingRequests);
        var done = await PipelineTests.EventuallyAsync(
            async () => (await coordinator.Admin.ListRequestsAsync(ExtendRequestState.Done, null, null, 100, CancellationToken.None)).Value!,
            r => r.Count == messages.Count);
        var servedOrder = done.OrderBy(r => r.CompletedAt).Select(r => (r.HostId, r.Slot)).ToList();
        Assert.Equal(messages.Select(m => ((int?)m.Id.HostId, (int?)m.Id.Slot)), servedOrder);
        Assert.Contains(done, r => r.HostId == 6 && r.Reason == "already large enough");
    }

    [Fact]
    public async Task AddPv_PvcreateFails_TheDomainKeepsItsDeviceListAndLvmKeepsWorking()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var volume = env.CreateVolume(8, capacityMib: 1024);
        var inspector = TestDeviceInspector.AllowAll();
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output, inspector.Register);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var before = await DevicesAsync(env);

        var notADevice = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, "/etc/passwd", force: true, CancellationToken.None);
        var tooLong = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, "/dev/" + new string('x', 5000), force: false, CancellationToken.None);
        var newline = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, "/dev/loop0\n/etc/passwd", force: false, CancellationToken.None);

        Assert.False(notADevice.Succeeded);
        Assert.Equal(AdminErrorCode.InvalidArgument, tooLong.Error!.Code);
        Assert.Equal(AdminErrorCode.InvalidArgument, newline.Error!.Code);
        Assert.Equal(before, await DevicesAsync(env));
        Assert.DoesNotContain("/etc/passwd", (await coordinator.Admin.GetStatusAsync(CancellationToken.None)).Value!.VolumeGroups[0].PhysicalVolumes);
        await using var host = await HostSide.StartAsync(env.Mailbox, hostId: 1);
        Assert.True((await host.ExtendAsync(env.DomainId, volume, 64, Timeout)).Succeeded);
        await using var connection = await env.Database.OpenConnectionAsync();
        var audit = (await connection.QueryAsync<(string Device, bool Force, string Outcome)>(
            "SELECT device, force, outcome FROM admin_operations ORDER BY operation_id")).ToList();
        Assert.Equal([("/etc/passwd", true, "failed")], audit);
    }

    [Fact]
    public async Task AddPv_InspectorRefusesAFilesystem_TheDeviceIsUntouched_ForceIsAudited()
    {
        await using var env = await TestEnvironment.CreateAsync();
        var device = env.Vg.AddPhysicalVolume(1);
        Run("mkfs.ext4", "-q", "-F", device);
        var inspector = new TestDeviceInspector((_, force) => force ? DeviceVerdict.UsableForced : DeviceVerdict.HasSignature);
        await using var coordinator = await InProcessCoordinator.StartAsync(env.LaunchOptions("c1"), output, inspector.Register);
        await coordinator.WaitForLeadershipAsync(Timeout);
        var before = await DevicesAsync(env);

        var refused = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, device, force: false, CancellationToken.None);

        Assert.Equal(AdminErrorCode.FailedPrecondition, refused.Error!.Code);
        Assert.Equal("ext4", Run("blkid", "-o", "value", "-s", "TYPE", device).Trim());
        Assert.Equal(before, await DevicesAsync(env));
        Assert.Equal(1, env.Vg.GetVg().PhysicalVolumeCount);

        var forced = await coordinator.Admin.AddPhysicalVolumeAsync(env.DomainId, device, force: true, CancellationToken.None);

        Assert.True(forced.Succeeded, forced.Error?.Message);
        Assert.Equal(2, env.Vg.GetVg().PhysicalVolumeCount);
        var after = await DevicesAsync(env);
        Assert.Equal([.. before, device], after);
        await using var connection = await env.Database.OpenConnectionAsync();
        var audit = (await connection.QueryAsync<(bool Force, string Outcome)>(
            "SELECT force, outcome FROM admin_operations ORDER BY operation_id")).ToList();
        Assert.Equal([(false, "refused"), (true, "done")], audit);
        Assert.Equal([(device, false), (device, true)], inspector.Calls);
    }

    private static async Task<string[]> DevicesAsync(TestEnvironment env)
    {
        await using var connection = await env.Database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string[]>("SELECT devices FROM domains WHERE domain_id = @Id", new { Id = env.DomainId })
            ?? [];
    }

    private static string Run(string file, params IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} exited with {process.ExitCode}: {stderr}");
        return stdout;
    }
}
