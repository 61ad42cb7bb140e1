namespace LvExtend.Lvm;

/// <summary>LVM's naming rules for VGs and LVs (letters, digits, <c>+_.-</c>, no leading '-', at most 127 characters).</summary>
public static class LvmNames
{
    /// <summary>True when lvm accepts <paramref name="name"/> as a VG name.</summary>
    public static bool IsValidVgName(string? name) => IsValidName(name);

    /// <summary>True when lvm accepts <paramref name="name"/> as an LV name (also not <c>snapshot*</c> or <c>pvmove*</c>).</summary>
    public static bool IsValidLvName(string? name) => IsValidName(name)
        && !name!.StartsWith("snapshot", StringComparison.Ordinal) && !name.StartsWith("pvmove", StringComparison.Ordinal);

    private static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 127 || name[0] == '-' || name is "." or "..")
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '_' or '.' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
