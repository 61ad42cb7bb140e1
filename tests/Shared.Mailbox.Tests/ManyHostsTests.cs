using LvExtend.TestSupport;
using LvExtend.TestSupport.Mailbox;
using Shared.Mailbox.Tests.Support;
using Xunit.Abstractions;

namespace Shared.Mailbox.Tests;

public sealed class ManyHostsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoHundredFiftyHosts_AtOnce_AllAnswered_Host250Included()
    {
        await using var rig = new MailboxRig(TempMailbox.Create(), output, maxHosts: 250);
        using var storage = rig.Storage;
        await rig.StartManagerAsync(r => r.Id.HostId % 10 != 0);
        var hosts = new List<HostMailbox>();
        for (var hostId = 1; hostId <= 250; hostId++)
        {
            hosts.Add(await rig.StartHostAsync(hostId));
        }

        var requests = hosts.Select(h => (Host: h, Request: MailboxRig.NewRequest((ulong)h.HostId))).ToList();
        var replies = await Eventually.Within(
            Task.WhenAll(requests.Select(r => r.Host.SendAsync(r.Request, CancellationToken.None))), TimeSpan.FromSeconds(60));

        for (var i = 0; i < requests.Count; i++)
        {
            Assert.Equal(new ExtendReply(requests[i].Request, requests[i].Host.HostId % 10 != 0), replies[i]);
        }

        Assert.Equal(250, rig.Handler.Requests.Count);
        Assert.Equal(Enumerable.Range(1, 250), rig.Handler.Requests.Select(r => r.Id.HostId).Order());
        Assert.Empty(rig.ManagerLogger.Errors);
    }
}
