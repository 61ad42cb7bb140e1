using System.CommandLine;
using LvExtend.Admin.V1;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary>
/// <c>lvx step-down</c>: ask the coordinator at --coordinator to end its term and release the lease, so that
/// a standby leads at its next lease poll (needs the token). A no-op on a standby.
/// </summary>
internal static class StepDownCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var command = new Command(
            "step-down",
            "Ask the leader at --coordinator to end its term and release the lease now (a standby takes over within a second; needs the token).");
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var response = await client.StepDownAsync(new StepDownRequest(), options);
                return new StepDownView(response.SteppedDown, response.Epoch);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(StepDownView view, IAnsiConsole console) =>
        console.WriteLine(view.SteppedDown
            ? $"stepped down: epoch {view.Epoch} ended and the lease was handed over"
            : "not the leader: nothing to step down from");
}

/// <summary>The JSON of <c>lvx step-down</c>.</summary>
internal sealed record StepDownView(bool SteppedDown, long Epoch);
