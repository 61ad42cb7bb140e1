namespace LvExtend.Lvm.Vdsm;

/// <summary>Why a volume's capacity could (not) be read from vdsm's metadata. Values are frozen.</summary>
public enum VdsmCapacityStatus
{
    /// <summary>The capacity was read.</summary>
    Read = 0,

    /// <summary>The VG carries no <c>MDT_VERSION=4|5</c> tag: not a vdsm block domain.</summary>
    NotVdsmDomain = 1,

    /// <summary>The volume's LV has no <c>MD_&lt;slot&gt;</c> tag (or the LV does not exist).</summary>
    NoSlotTag = 2,

    /// <summary>The slot could not be read: outside the <c>metadata</c> LV, no such LV, or the read failed.</summary>
    SlotUnreadable = 3,

    /// <summary>The slot is all zeros: no volume's metadata there.</summary>
    SlotEmpty = 4,

    /// <summary>The slot's text is not <c>KEY=VALUE</c> lines ending with <c>EOF</c>.</summary>
    SlotNotParsable = 5,

    /// <summary>The slot parses but has no <c>CAP</c> (v5) or <c>SIZE</c> (v4).</summary>
    CapacityMissing = 6,

    /// <summary>The capacity is not a positive whole number.</summary>
    CapacityInvalid = 7,

    /// <summary>The slot describes another image than the LV's <c>IU_</c> tag: a wrong slot.</summary>
    SlotMismatch = 8,

    /// <summary>An lvm report needed to find the slot failed.</summary>
    LvmFailed = 9,
}
