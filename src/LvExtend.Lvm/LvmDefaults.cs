namespace LvExtend.Lvm;

/// <summary>Settings every lvm command of LvExtend shares.</summary>
public static class LvmDefaults
{
    /// <summary>The lvm binary (one command, every subcommand as its first argument).</summary>
    public const string Binary = "lvm";
}
