namespace Spm.Coordinator.Lvm;

/// <summary>Runs <c>lvm &lt;args&gt;</c>, killing it when the timeout passes or the token is cancelled.</summary>
internal interface ILvmCommandRunner
{
    Task<LvmCommandResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}
