namespace Spm.Coordinator.Extension;

/// <summary>What the LV cache says about a volume, without running lvm (admission before queueing).</summary>
internal enum LvLookup : byte
{
    /// <summary>The LV is in the cache.</summary>
    Known = 1,

    /// <summary>Not in a cache read less than <see cref="VolumeGroupState.LvCacheMaxAge"/> ago: refuse it cheaply.</summary>
    Unknown = 2,

    /// <summary>Not in the cache, which is old enough to be read again (at most once per max age).</summary>
    NeedsRefresh = 3,
}
