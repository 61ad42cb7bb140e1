using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Tests.Monitoring;

public sealed class VmRunStateTests
{
    [Fact]
    public void New_IsUnknownWithNothingCounted()
    {
        Assert.Equal(new VmRunSnapshot("unknown", false, 0, 0), new VmRunState().Snapshot());
    }

    [Fact]
    public void PausedOnNoSpace_CountsOncePerStop_AndAResumeEndsIt()
    {
        var run = new VmRunState();

        Assert.True(run.PausedOnNoSpace());
        Assert.False(run.PausedOnNoSpace());
        run.SetRunStatus("running", resumed: true);
        Assert.True(run.PausedOnNoSpace());

        Assert.Equal(new VmRunSnapshot("running", true, 2, 1), run.Snapshot());
    }

    [Fact]
    public void SetRunStatus_ResumeWithoutANoSpacePause_CountsNoResume()
    {
        var run = new VmRunState();

        run.SetRunStatus("paused", resumed: false);
        run.SetRunStatus("running", resumed: true);

        Assert.Equal(new VmRunSnapshot("running", false, 0, 0), run.Snapshot());
    }

    [Fact]
    public void Connected_InIoError_IsPausedWithoutCountingAPause_ButItsResumeCounts()
    {
        var run = new VmRunState();

        run.Connected("io-error", pausedOnNoSpace: true);
        Assert.Equal(new VmRunSnapshot("io-error", true, 0, 0), run.Snapshot());
        Assert.False(run.PausedOnNoSpace());

        run.SetRunStatus("running", resumed: true);
        Assert.Equal(new VmRunSnapshot("running", false, 0, 1), run.Snapshot());
    }
}
