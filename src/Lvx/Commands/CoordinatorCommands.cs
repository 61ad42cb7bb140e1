using System.CommandLine;

namespace Lvx.Commands;

/// <summary>The lvx commands of one area; each area's commands live in this folder.</summary>
internal static class CoordinatorCommands
{
    /// <summary>Adds this area's commands to the root command.</summary>
    public static void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
    }
}
