namespace Spm.Coordinator.IntegrationTests;

/// <summary>Tests that use loop devices, LVM and child processes run one at a time (2 shared cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LvmTestGroup
{
    public const string Name = "LVM";
}
