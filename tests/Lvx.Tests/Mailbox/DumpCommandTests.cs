using System.Globalization;
using System.Text.Json;
using Lvx.Tests.Support;
using Shared.Mailbox;

namespace Lvx.Tests.Mailbox;

public sealed class DumpCommandTests
{
    [Fact]
    public async Task DumpJson_ReferenceImages_MatchTheirJson()
    {
        var result = await CliRunner.RunAsync(
            "mailbox", "dump", "--inbox", CliRunner.Vector("inbox.bin"), "--outbox", CliRunner.Vector("outbox.bin"), "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        using var dump = JsonDocument.Parse(result.Output);
        using var inbox = JsonDocument.Parse(File.ReadAllBytes(CliRunner.Vector("inbox.json")));
        using var outbox = JsonDocument.Parse(File.ReadAllBytes(CliRunner.Vector("outbox.json")));
        var root = dump.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(15, root.GetProperty("maxHosts").GetInt32()); // 16 blocks: block 0 is the events block
        Assert.Equal("4a6457d2-664b-41e6-8cec-6201260a75ff", root.GetProperty("event").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("ringHint").ValueKind); // vdsm writes no hint
        var failedVolume = outbox.RootElement.GetProperty("failed_volume").GetString();
        var succeeded = outbox.RootElement.GetProperty("succeeded");

        var expectedHosts = inbox.RootElement.GetProperty("hosts").EnumerateObject().ToList();
        var hosts = root.GetProperty("hosts").EnumerateObject().ToList();
        Assert.Equal(expectedHosts.Select(h => h.Name), hosts.Select(h => h.Name)); // keyed by id, in id order
        foreach (var expected in expectedHosts)
        {
            var host = root.GetProperty("hosts").GetProperty(expected.Name);
            Assert.Equal("ok", host.GetProperty("checksum").GetString());
            var slots = host.GetProperty("slots").EnumerateArray().ToList();
            var requests = expected.Value.EnumerateArray().ToList();
            Assert.Equal(requests.Count, slots.Count);
            for (var i = 0; i < requests.Count; i++)
            {
                Assert.Equal(i, slots[i].GetProperty("slot").GetInt32());
                Assert.Equal((int.Parse(expected.Name, CultureInfo.InvariantCulture) * 64) + i, slots[i].GetProperty("messageId").GetInt32());
                Assert.Equal("extend", slots[i].GetProperty("kind").GetString());
                Assert.Equal(requests[i].GetProperty("domain").GetString(), slots[i].GetProperty("domain").GetString());
                var volume = requests[i].GetProperty("volume").GetString()!;
                Assert.Equal(volume, slots[i].GetProperty("volume").GetString());
                Assert.Equal(requests[i].GetProperty("size_mib").GetUInt64(), slots[i].GetProperty("sizeMib").GetUInt64());
                var reply = slots[i].GetProperty("reply").GetString();
                Assert.Equal(volume == failedVolume ? "failure" : "success", reply);
                if (reply == "success")
                {
                    Assert.Equal(succeeded.GetProperty(volume).GetUInt64(), slots[i].GetProperty("sizeMib").GetUInt64());
                }
            }
        }
    }

    [Fact]
    public async Task DumpJson_BadChecksumImage_Host2BadOthersOk()
    {
        var result = await CliRunner.RunAsync("mailbox", "dump", "--inbox", CliRunner.Vector("inbox-bad-checksum-host2.bin"), "--json");

        Assert.Equal(0, result.ExitCode);
        using var dump = JsonDocument.Parse(result.Output);
        var hosts = dump.RootElement.GetProperty("hosts");
        Assert.Equal("bad", hosts.GetProperty("2").GetProperty("checksum").GetString());
        Assert.NotEqual(hosts.GetProperty("2").GetProperty("storedChecksum").GetUInt32(), hosts.GetProperty("2").GetProperty("computedChecksum").GetUInt32());
        foreach (var id in new[] { "1", "7", "15" })
        {
            Assert.Equal("ok", hosts.GetProperty(id).GetProperty("checksum").GetString());
        }

        Assert.Equal(JsonValueKind.Null, hosts.GetProperty("1").GetProperty("slots")[0].GetProperty("reply").ValueKind);
    }

    [Fact]
    public async Task DumpText_ShowsChecksumsSlotsAndReplies()
    {
        var result = await CliRunner.RunAsync(
            "mailbox", "dump", "--inbox", CliRunner.Vector("inbox-bad-checksum-host2.bin"), "--outbox", CliRunner.Vector("outbox.bin"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("host 1: checksum ok", result.Output, StringComparison.Ordinal);
        Assert.Contains("host 2: checksum BAD", result.Output, StringComparison.Ordinal);
        Assert.Contains("volume cddc276b-759c-4fb2-9714-21166b740c99 size 841757 MiB reply: success", result.Output, StringComparison.Ordinal);
        Assert.Contains("last event 4a6457d2-664b-41e6-8cec-6201260a75ff", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_MissingFile_ClearError()
    {
        var result = await CliRunner.RunAsync("mailbox", "dump", "--inbox", "/tmp/lvx-clitest-missing/inbox");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("/tmp/lvx-clitest-missing/inbox does not exist", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_MaxHostsBeyondTheFile_ClearError()
    {
        var result = await CliRunner.RunAsync("mailbox", "dump", "--inbox", CliRunner.Vector("inbox.bin"), "--max-hosts", "16");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("inbox.bin", result.Error, StringComparison.Ordinal);
        Assert.Contains("--max-hosts 16", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dump_ShowsTheHostTheLastRingNamed()
    {
        var directory = Directory.CreateTempSubdirectory("lvx-clitest-hint-");
        try
        {
            var inbox = Path.Combine(directory.FullName, "inbox");
            var image = File.ReadAllBytes(CliRunner.Vector("inbox.bin"));
            MailboxBlockCodec.EncodeEvent(Guid.Parse("4a6457d2-664b-41e6-8cec-6201260a75ff"), 7, image.AsSpan(0, MailboxLayout.BlockSize));
            File.WriteAllBytes(inbox, image);

            var json = await CliRunner.RunAsync("mailbox", "dump", "--inbox", inbox, "--buffered", "--json");
            var text = await CliRunner.RunAsync("mailbox", "dump", "--inbox", inbox, "--buffered");

            Assert.Equal(0, json.ExitCode);
            using var dump = JsonDocument.Parse(json.Output);
            Assert.Equal(7, dump.RootElement.GetProperty("ringHint").GetInt32());
            Assert.Contains("last event 4a6457d2-664b-41e6-8cec-6201260a75ff, rung by host 7", text.Output, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
