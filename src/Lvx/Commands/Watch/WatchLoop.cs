using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Watch;

/// <summary>
/// Refreshes the live view until cancelled, until <c>--until-file</c> exists, or once. A terminal gets
/// <see cref="LiveDisplay"/> (the screen redrawn in place); plain output gets each screen appended.
/// </summary>
internal sealed class WatchLoop(WatchView view, TimeSpan period, string? untilFile, bool once, TimeProvider timeProvider)
{
    /// <summary>Polls and draws on <paramref name="console"/> until done.</summary>
    public async Task RunAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (once || !console.IsAnsi())
        {
            await RunPlainAsync(console, cancellationToken);
            return;
        }

        await console.Live(new Text("connecting..."))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .Cropping(VerticalOverflowCropping.Bottom)
            .StartAsync(async context =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var snapshot = await view.PollAsync(cancellationToken);
                    context.UpdateTarget(WatchScreen.Render(snapshot, console));
                    context.Refresh();
                    if (Finished() || !await DelayAsync(cancellationToken))
                    {
                        return;
                    }
                }
            });
    }

    private async Task RunPlainAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var snapshot = await view.PollAsync(cancellationToken);
            if (!first)
            {
                console.WriteLine();
            }

            console.Write(WatchScreen.Render(snapshot, console));
            first = false;
            if (once || Finished() || !await DelayAsync(cancellationToken))
            {
                return;
            }
        }
    }

    private bool Finished() => untilFile is not null && File.Exists(untilFile);

    private async Task<bool> DelayAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(period, timeProvider, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
