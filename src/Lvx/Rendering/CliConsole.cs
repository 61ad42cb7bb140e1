using Spectre.Console;

namespace Lvx.Rendering;

/// <summary>
/// The Spectre.Console console lvx writes to. A terminal gets ANSI (tables with borders, colours, the live view
/// redrawn in place); colours are off when <c>NO_COLOR</c> is set (https://no-color.org); a stdout that is not a
/// terminal (a pipe, a file, a test's writer) gets plain text: no escape sequences, no borders, no wrapping.
/// </summary>
internal static class CliConsole
{
    /// <summary>The line width of plain output: wide enough that a table row never wraps.</summary>
    public const int PlainWidth = 4096;

    /// <summary>The environment variable that turns colours off when set to anything non-empty.</summary>
    public const string NoColorVariable = "NO_COLOR";

    /// <summary>A console for <paramref name="writer"/>: ANSI only when it is the terminal's stdout.</summary>
    public static IAnsiConsole Create(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var terminal = IsTerminal(writer);
        return Create(writer, terminal, terminal && !NoColorRequested() ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors);
    }

    /// <summary>A console with explicit capabilities (tests pin them).</summary>
    public static IAnsiConsole Create(TextWriter writer, bool ansi, ColorSystemSupport colors)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi ? colors : ColorSystemSupport.NoColors,
            Interactive = ansi ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!ansi)
        {
            console.Profile.Width = PlainWidth;
        }

        return console;
    }

    /// <summary>True when <paramref name="writer"/> is the process's stdout and stdout is a terminal.</summary>
    public static bool IsTerminal(TextWriter writer) =>
        ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>True when <c>NO_COLOR</c> is set to a non-empty value.</summary>
    public static bool NoColorRequested() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(NoColorVariable));

    /// <summary>True when <paramref name="console"/> writes ANSI (a terminal), false for plain text.</summary>
    public static bool IsAnsi(this IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Profile.Capabilities.Ansi;
    }
}
