using Spectre.Console;
using Spectre.Console.Rendering;

namespace Lvx.Rendering;

/// <summary>
/// Builds lvx's tables on Spectre.Console's <see cref="Table"/>: rounded borders and bold headers on a terminal;
/// on plain output no border, a header row and two spaces between columns (what scripts and logs expect).
/// </summary>
internal static class CliTable
{
    /// <summary>A table with <paramref name="headers"/>; <paramref name="rightAligned"/> lists the numeric columns.</summary>
    public static Table Create(IAnsiConsole console, string[] headers, params int[] rightAligned)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rightAligned);
        var ansi = console.IsAnsi();
        var table = new Table();
        if (ansi)
        {
            table.Border(TableBorder.Rounded);
        }
        else
        {
            table.NoBorder();
        }

        for (var i = 0; i < headers.Length; i++)
        {
            var column = new TableColumn(new Text(headers[i], ansi ? new Style(decoration: Decoration.Bold) : Style.Plain));
            if (!ansi)
            {
                column.Padding(0, 0, i == headers.Length - 1 ? 0 : 2, 0);
            }

            if (Array.IndexOf(rightAligned, i) >= 0)
            {
                column.RightAligned();
            }

            table.AddColumn(column);
        }

        return table;
    }

    /// <summary>Adds a row of plain cells (never parsed as markup); null is an empty cell.</summary>
    public static Table AddCells(this Table table, params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(cells);
        return table.AddRow(cells.Select(c => (IRenderable)new Text(c ?? string.Empty)));
    }

    /// <summary>Two columns, no header: <c>name  value</c> lines (the head of <c>lvx status</c>).</summary>
    public static Grid KeyValues(IEnumerable<(string Key, IRenderable Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn(new GridColumn().PadRight(0));
        foreach (var (key, value) in rows)
        {
            grid.AddRow(new Text(key), value);
        }

        return grid;
    }

    /// <summary>The colour of a request state: done green, waiting yellow, refused or failed red.</summary>
    public static Style StateStyle(string state) => state switch
    {
        "done" => new Style(Color.Green),
        "rejected" or "failed" => new Style(Color.Red),
        "waiting-for-space" => new Style(Color.Yellow),
        _ => Style.Plain,
    };
}
