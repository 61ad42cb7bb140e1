using Lvx.Commands.Watch;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Tests.Watch;

public sealed class WatchLoopTests
{
    private static WatchView UnreachableView() => new(["http://127.0.0.1:1"], ["http://127.0.0.1:2"], null, null, null);

    [Fact]
    public async Task RunAsync_Terminal_RedrawsTheScreenInPlace()
    {
        using var view = UnreachableView();
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, ansi: true, ColorSystemSupport.NoColors);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        await new WatchLoop(view, TimeSpan.FromMilliseconds(20), null, once: false, TimeProvider.System).RunAsync(console, stop.Token);

        var text = writer.ToString();
        var frames = text.Split("LvExtend live view").Length - 1;
        Assert.True(frames >= 2, $"{frames} frame(s) drawn");
        // Spectre's live display moves the cursor back up over the previous frame instead of scrolling.
        Assert.Matches("\u001b\\[\\d+A", text);
        Assert.Contains("DOWN", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Once_PlainOutput_OneFrameNoEscapes()
    {
        using var view = UnreachableView();
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, ansi: false, ColorSystemSupport.NoColors);

        await new WatchLoop(view, TimeSpan.FromMilliseconds(20), null, once: true, TimeProvider.System).RunAsync(console, CancellationToken.None);

        var text = writer.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.Equal(1, text.Split("LvExtend live view").Length - 1);
        Assert.Contains("agent http://127.0.0.1:2 DOWN (", text, StringComparison.Ordinal);
    }
}
