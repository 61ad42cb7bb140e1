namespace LvExtend.TestSupport;

/// <summary>How <see cref="LibvirtGuest"/> defines the test guest (see scripts/guest/init for the lvx.* parameters).</summary>
public sealed class LibvirtGuestOptions
{
    /// <summary>The block device (an LV, here a loop-activated one) holding the qcow2 image; null: a domain without any disk.</summary>
    public required string? DevicePath { get; init; }

    /// <summary>MiB the guest writes (lvx.write_mib; 0 = boot and report only).</summary>
    public int WriteMib { get; init; } = 64;

    /// <summary>MiB per dd call (lvx.chunk_mib).</summary>
    public int ChunkMib { get; init; } = 4;

    /// <summary>Throttle in MiB/s (lvx.rate_mibps; 0 = as fast as it goes).</summary>
    public int RateMibps { get; init; }

    /// <summary>Pattern seed (lvx.seed).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Start paused (VIR_DOMAIN_START_PAUSED): the test resumes it once the agent armed the threshold. Default true.</summary>
    public bool StartPaused { get; init; } = true;

    /// <summary>The guest build (vmlinuz, initramfs.cpio.gz); default: env LVX_GUEST_DIR.</summary>
    public string? GuestDirectory { get; init; }

    /// <summary>The libvirt URI. Default qemu:///system.</summary>
    public string Uri { get; init; } = LibvirtGuest.DefaultUri;
}
