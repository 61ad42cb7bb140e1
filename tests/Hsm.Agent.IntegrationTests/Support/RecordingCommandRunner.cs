using System.Collections.Concurrent;
using Hsm.Agent.Activation;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>Runs commands for real (<see cref="ProcessCommandRunner"/>) and records each command line.</summary>
internal sealed class RecordingCommandRunner : ICommandRunner
{
    private readonly ProcessCommandRunner _inner = new();

    public ConcurrentQueue<IReadOnlyList<string>> Commands { get; } = new();

    public IReadOnlyList<string>? Last => Commands.LastOrDefault();

    public Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Enqueue([fileName, .. arguments]);
        return _inner.RunAsync(fileName, arguments, timeout, cancellationToken);
    }
}
