namespace LvExtend.Bench;

internal static class Program
{
    public static int Main() => 0;
}
