using System.CommandLine;

namespace Lvx;

internal static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("lvx: inspect and administer LvExtend (mailbox, coordinator, agents).");
        return root.Parse(args).InvokeAsync();
    }
}
