using System.CommandLine;

namespace Lvx.Commands.Coordinator;

/// <summary>Options several coordinator commands share, with their validation.</summary>
internal static class CommonOptions
{
    /// <summary>The most rows a list call returns.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>An optional UUID option.</summary>
    public static Option<Guid?> Uuid(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "UUID",
    };

    /// <summary>A required UUID option.</summary>
    public static Option<Guid> RequiredUuid(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "UUID",
        Required = true,
    };

    /// <summary>--limit N: 1..10000, default 100.</summary>
    public static Option<int> Limit()
    {
        var option = new Option<int>("--limit")
        {
            Description = $"At most this many rows, newest first (1..{MaxLimit}).",
            HelpName = "N",
            DefaultValueFactory = _ => 100,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > MaxLimit)
            {
                result.AddError($"--limit must be within 1..{MaxLimit}, not {value}.");
            }
        });
        return option;
    }
}
