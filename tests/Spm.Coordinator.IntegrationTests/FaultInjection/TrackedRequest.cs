namespace Spm.Coordinator.IntegrationTests.FaultInjection;

/// <summary>One request a well-behaved (or faulted) host sent, and what became of it.</summary>
internal sealed class TrackedRequest(int hostId, Guid volume, ulong sizeMib, DateTime issuedAt, bool aboveCap, bool abandoned)
{
    public int HostId { get; } = hostId;

    public Guid Volume { get; } = volume;

    public ulong SizeMib { get; } = sizeMib;

    public DateTime IssuedAt { get; } = issuedAt;

    /// <summary>Asked above the volume's capacity: the answer must be a refusal.</summary>
    public bool AboveCap { get; } = aboveCap;

    /// <summary>Its host was killed with it in flight: no answer is expected.</summary>
    public bool Abandoned { get; } = abandoned;

    public bool? Succeeded { get; set; }

    public TimeSpan? Latency { get; set; }
}
