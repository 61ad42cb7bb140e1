namespace Spm.Coordinator.Options;

/// <summary>The extend pipeline, section <c>Coordinator:Extension</c> (live values come from the policy).</summary>
internal sealed class ExtensionOptions
{
    /// <summary>The cap: a volume never grows beyond capacity x this factor (qcow2 overhead).</summary>
    public double CapFactor { get; set; } = 1.1;

    /// <summary>While requests wait for space, how often the VG's free space is read.</summary>
    public TimeSpan SpacePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Requests queued per VG before the mailbox side waits.</summary>
    public int QueueCapacity { get; set; } = 1024;
}
