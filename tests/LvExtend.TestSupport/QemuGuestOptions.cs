using Xunit.Abstractions;

namespace LvExtend.TestSupport;

/// <summary>How <see cref="QemuGuest"/> starts the test guest (see scripts/guest/init for the parameters).</summary>
public sealed class QemuGuestOptions
{
    /// <summary>The qcow2 image the guest writes to: a block device (loop device / LV) or a file. Required.</summary>
    public required string DrivePath { get; init; }

    /// <summary>MiB the guest writes from offset 0 (lvx.write_mib; 0 = boot and report only).</summary>
    public int WriteMib { get; init; } = 64;

    /// <summary>MiB per dd call (lvx.chunk_mib, 1-64).</summary>
    public int ChunkMib { get; init; } = 4;

    /// <summary>Throttle in MiB/s (lvx.rate_mibps; 0 = as fast as it goes).</summary>
    public int RateMibps { get; init; }

    /// <summary>Pattern seed (lvx.seed, at most 9 digits).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Guest memory in MiB.</summary>
    public int MemoryMib { get; init; } = 256;

    /// <summary>Start with -S (paused): someone must send QMP "cont". Default true, as the agent arms thresholds first.</summary>
    public bool StartPaused { get; init; } = true;

    /// <summary>The guest build (vmlinuz, initramfs.cpio.gz); default: env LVX_GUEST_DIR.</summary>
    public string? GuestDirectory { get; init; }

    /// <summary>Echo qemu's own stdout/stderr here.</summary>
    public ITestOutputHelper? Output { get; init; }

    /// <summary>More qemu arguments, appended last.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
