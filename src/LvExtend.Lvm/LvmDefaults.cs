namespace LvExtend.Lvm;

/// <summary>Settings every lvm command of LvExtend shares.</summary>
public static class LvmDefaults
{
    /// <summary>The lvm binary (one command, every subcommand as its first argument).</summary>
    public const string Binary = "lvm";

    /// <summary>
    /// The environment every command run by <see cref="CommandRunner"/> gets: the C locale (lvm's messages and
    /// numbers are parsed) and no warnings about file descriptors the parent leaked.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["LC_ALL"] = "C",
        ["LVM_SUPPRESS_FD_WARNINGS"] = "1",
    };
}
