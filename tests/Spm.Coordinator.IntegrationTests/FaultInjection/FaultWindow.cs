namespace Spm.Coordinator.IntegrationTests.FaultInjection;

/// <summary>When a fault was active (plus its grace period); requests issued inside are exempt from the latency bound.</summary>
internal sealed record FaultWindow(FaultKind Kind, DateTime Start, DateTime End, string Detail);
