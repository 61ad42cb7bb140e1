using System.Collections.Concurrent;
using Hsm.Agent.Extension;
using LvExtend.TestSupport;
using Shared.Mailbox;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>
/// Stands in for mailbox + coordinator in the monitor-level tests: runs the real lvextend
/// (--driverloaded n, restricted to the VG's PVs) and replies success, or failure when lvextend fails
/// (e.g. the VG is full). The end-to-end tests use the real mailbox and coordinator instead.
/// </summary>
internal sealed class LvextendRequestSender(LoopVolumeGroup vg, string logicalVolume) : IExtendRequestSender
{
    private int _inFlight;

    public ConcurrentQueue<(ExtendMessage Request, bool Succeeded)> Requests { get; } = new();

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var ok = await Task.Run(
                () =>
                {
                    if (vg.GetLvSizeBytes(logicalVolume) >= (long)request.SizeMib << 20)
                    {
                        return true;
                    }

                    try
                    {
                        vg.ExtendLv(logicalVolume, (long)request.SizeMib);
                        return true;
                    }
                    catch (ProcessFailedException)
                    {
                        return false;
                    }
                },
                cancellationToken);
            Requests.Enqueue((request, ok));
            return new ExtendReply(request, ok);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
