using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Tests.Rendering;

public sealed class CliTableTests
{
    private static string Render(bool ansi, ColorSystemSupport colors)
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, ansi, colors);
        var table = CliTable.Create(console, ["HOST", "STATE", "REQUESTS"], 0, 2);
        table.AddCells("1", "done", "12");
        table.AddRow(new Text("250"), new Text("failed", CliTable.StateStyle("failed")), new Text("3"));
        console.Write(table);
        return writer.ToString();
    }

    [Fact]
    public void Create_PlainOutput_NoEscapesNoBorderAlignedColumns()
    {
        var text = Render(ansi: false, ColorSystemSupport.Detect);

        Assert.DoesNotContain('\u001b', text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd()).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("HOST  STATE   REQUESTS", lines[0]);
        Assert.Equal("   1  done          12", lines[1]);
        Assert.Equal(" 250  failed         3", lines[2]);
    }

    [Fact]
    public void Create_PlainOutput_LongRowsDoNotWrap()
    {
        using var writer = new StringWriter();
        var console = CliConsole.Create(writer, ansi: false, ColorSystemSupport.NoColors);
        var table = CliTable.Create(console, ["A", "B"]);
        var wide = new string('x', 300);
        table.AddCells(wide, "[not markup]");
        console.Write(table);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(wide + "  [not markup]", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TerminalWithNoColor_BordersButNoColourCodes()
    {
        var text = Render(ansi: true, ColorSystemSupport.NoColors);

        Assert.Contains("HOST", text, StringComparison.Ordinal);
        Assert.Contains("│", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[3", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[9", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_TerminalWithColours_FailedStateInRed()
    {
        var text = Render(ansi: true, ColorSystemSupport.Standard);

        Assert.Contains("\u001b[91mfailed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NotTheProcessStdout_IsPlain()
    {
        using var writer = new StringWriter();

        Assert.False(CliConsole.IsTerminal(writer));
        Assert.False(CliConsole.Create(writer).IsAnsi());
    }
}
