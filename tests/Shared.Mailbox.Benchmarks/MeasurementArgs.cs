using System.Globalization;

namespace Shared.Mailbox.Benchmarks;

/// <summary>"--name value" pairs of the measurement modes.</summary>
internal static class MeasurementArgs
{
    public static double Get(string[] args, string name, double fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
