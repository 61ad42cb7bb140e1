using System.Globalization;

namespace LvExtend.Lvm.Vdsm;

/// <summary>The LV tags vdsm puts on a volume: <c>MD_&lt;slot&gt;</c>, <c>IU_&lt;image&gt;</c>, <c>PU_&lt;parent&gt;</c>.</summary>
public static class VdsmVolumeTags
{
    /// <summary>The metadata slot tag prefix.</summary>
    public const string SlotPrefix = "MD_";

    /// <summary>The image tag prefix.</summary>
    public const string ImagePrefix = "IU_";

    /// <summary>The parent tag prefix.</summary>
    public const string ParentPrefix = "PU_";

    /// <summary>The slot of an <c>MD_&lt;slot&gt;</c> tag; false when there is none (or it is not a number).</summary>
    public static bool TryGetSlot(IEnumerable<string> lvTags, out int slot)
    {
        ArgumentNullException.ThrowIfNull(lvTags);
        foreach (var tag in lvTags)
        {
            if (tag.StartsWith(SlotPrefix, StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(SlotPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out slot))
            {
                return true;
            }
        }

        slot = -1;
        return false;
    }

    /// <summary>The image UUID of an <c>IU_</c> tag, or null.</summary>
    public static string? GetImage(IEnumerable<string> lvTags)
    {
        ArgumentNullException.ThrowIfNull(lvTags);
        return lvTags.FirstOrDefault(t => t.StartsWith(ImagePrefix, StringComparison.Ordinal))?[ImagePrefix.Length..];
    }
}
