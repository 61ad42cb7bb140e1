using System.Collections.Concurrent;
using LvExtend.Lvm;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>Runs commands for real (the library's <see cref="CommandRunner"/>) and records each command line.</summary>
internal sealed class RecordingCommandRunner : ICommandRunner
{
    private readonly CommandRunner _inner = new(TimeProvider.System);

    public ConcurrentQueue<IReadOnlyList<string>> Commands { get; } = new();

    public IReadOnlyList<string>? Last => Commands.LastOrDefault();

    public Task<CommandResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Commands.Enqueue([fileName, .. arguments]);
        return _inner.RunAsync(fileName, arguments, timeout, cancellationToken);
    }
}
