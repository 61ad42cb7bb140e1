namespace Spm.Coordinator.IntegrationTests.FaultInjection;

/// <summary>The faults <see cref="FaultInjectionTests"/> draws from its seed.</summary>
internal enum FaultKind
{
    KillLeader,
    StopLeader,
    RestartPostgres,
    TornInboxWrite,
    FullVgThenAddPv,
    HostKilledMidRequest,
    GarbageFlood,
}
