namespace LvExtend.Lvm.Tests;

/// <summary>The contract with the production runner (<see cref="CommandRunner"/>) on real lvm2.</summary>
public sealed class CommandRunnerLvmContractTests : LvmContractTests
{
    protected override ICommandRunner CreateRunner() => new CommandRunner(TimeProvider.System);
}
