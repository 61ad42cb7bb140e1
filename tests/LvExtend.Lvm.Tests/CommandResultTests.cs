namespace LvExtend.Lvm.Tests;

public sealed class CommandResultTests
{
    [Fact]
    public void Describe_DropsWarningsAndKeepsTheError()
    {
        var result = new CommandResult(5, "",
            "  WARNING: Activation disabled. No device-mapper interaction will be attempted.\n  Insufficient free space: 96 extents needed, but only 45 available\n",
            TimeSpan.FromMilliseconds(70), false);

        Assert.False(result.Succeeded);
        Assert.Equal("lvm exited with 5: Insufficient free space: 96 extents needed, but only 45 available", result.Describe());
    }

    [Fact]
    public void Describe_Killed_SaysSoAndWhetherCancelled()
    {
        var result = new CommandResult(-1, "", "", TimeSpan.FromSeconds(2), TimedOut: true);

        Assert.False(result.Succeeded);
        Assert.Equal("lvm was killed after 2.0 s", result.Describe());
        Assert.Equal("lvm was killed after 2.0 s (cancelled)", (result with { Cancelled = true }).Describe());
    }

    [Fact]
    public void Describe_LongError_IsBounded()
    {
        var result = new CommandResult(3, "", new string('x', 5000), TimeSpan.Zero, false) { Command = "losetup" };

        Assert.StartsWith("losetup exited with 3: xxx", result.Describe(), StringComparison.Ordinal);
        Assert.True(result.Describe().Length < 450);
    }

    [Fact]
    public void Succeeded_StartFailed_IsFalse()
    {
        var result = new CommandResult(-1, "", "cannot start /nope: No such file", TimeSpan.Zero, false) { StartFailed = true };

        Assert.False(result.Succeeded);
        Assert.Contains("could not start", result.Describe(), StringComparison.Ordinal);
    }
}
