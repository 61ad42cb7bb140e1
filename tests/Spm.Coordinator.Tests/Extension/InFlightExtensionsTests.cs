using Spm.Coordinator.Extension;

namespace Spm.Coordinator.Tests.Extension;

public sealed class InFlightExtensionsTests
{
    [Fact]
    public async Task WaitForLane_AtTheLimit_WaitsUntilOneEnds()
    {
        var lanes = new InFlightExtensions(2);
        var a = new TaskCompletionSource();
        var b = new TaskCompletionSource();
        lanes.Add("a", a.Task);
        lanes.Add("b", b.Task);

        var wait = lanes.WaitForLaneAsync("c");
        Assert.False(wait.IsCompleted);
        b.SetResult();
        await wait;
        Assert.Equal(1, lanes.Count);
    }

    [Fact]
    public async Task WaitForLane_SameLvRunning_WaitsForItEvenWithLanesFree()
    {
        var lanes = new InFlightExtensions(4);
        var a = new TaskCompletionSource();
        lanes.Add("a", a.Task);

        Assert.True(lanes.WaitForLaneAsync("b").IsCompleted);
        var same = lanes.WaitForLaneAsync("a");
        Assert.False(same.IsCompleted);
        a.SetResult();
        await same;
        Assert.Equal(0, lanes.Count);
    }

    [Fact]
    public async Task Drain_WaitsForEveryRunningExtension()
    {
        var lanes = new InFlightExtensions(3);
        var sources = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource()).ToList();
        for (var i = 0; i < sources.Count; i++)
        {
            lanes.Add($"lv{i}", sources[i].Task);
        }

        var drain = lanes.DrainAsync();
        sources[0].SetResult();
        sources[2].SetResult();
        Assert.False(drain.IsCompleted);
        sources[1].SetResult();
        await drain;
        Assert.Equal(0, lanes.Count);
    }

    [Fact]
    public void Add_CompletedTask_IsNotTracked()
    {
        var lanes = new InFlightExtensions(1);
        lanes.Add("a", Task.CompletedTask);
        Assert.Equal(0, lanes.Count);
        Assert.True(lanes.WaitForLaneAsync("b").IsCompleted);
    }
}
