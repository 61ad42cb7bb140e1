namespace LvExtend.Lvm.Vdsm;

/// <summary>A volume's capacity from vdsm's metadata, or a clear reason why it has none.</summary>
public sealed record VdsmCapacityResult
{
    private VdsmCapacityResult(VdsmCapacityStatus status, long capacityBytes, int slot, string reason, VdsmSlot? contents)
    {
        Status = status;
        CapacityBytes = capacityBytes;
        Slot = slot;
        Reason = reason;
        Contents = contents;
    }

    /// <summary>What happened.</summary>
    public VdsmCapacityStatus Status { get; }

    /// <summary>The volume's virtual size in bytes (0 unless <see cref="Succeeded"/>).</summary>
    public long CapacityBytes { get; }

    /// <summary>The metadata slot (-1 when unknown).</summary>
    public int Slot { get; }

    /// <summary>Why it failed, one line for logs and the audit trail (empty on success).</summary>
    public string Reason { get; }

    /// <summary>The slot's pairs, on success.</summary>
    public VdsmSlot? Contents { get; }

    /// <summary>True when <see cref="CapacityBytes"/> holds the capacity.</summary>
    public bool Succeeded => Status == VdsmCapacityStatus.Read;

    /// <summary>The most a host may grow the volume to, in MiB, as vdsm computes it (<see cref="VdsmCap"/>); 0 on failure.</summary>
    public long CapMib => Succeeded ? VdsmCap.CapMib(CapacityBytes) : 0;

    /// <summary>A read capacity.</summary>
    public static VdsmCapacityResult Ok(long capacityBytes, int slot, VdsmSlot contents) =>
        new(VdsmCapacityStatus.Read, capacityBytes, slot, "", contents);

    /// <summary>A failure with its reason.</summary>
    public static VdsmCapacityResult Fail(VdsmCapacityStatus status, int slot, string reason)
    {
        if (status == VdsmCapacityStatus.Read)
        {
            throw new ArgumentException("a failure needs a failure status", nameof(status));
        }

        return new(status, 0, slot, reason, null);
    }

    /// <inheritdoc />
    public override string ToString() => Succeeded ? $"slot {Slot}: {CapacityBytes} bytes" : $"{Status} (slot {Slot}): {Reason}";
}
