using System.Reflection;

namespace LvExtend.TestSupport;

/// <summary>
/// Reads an assembly's <c>[LoggerMessage]</c> event ids and its event-id table (the one static class
/// named <c>*EventIds</c> with a <c>Ranges</c> field of (area, first, last)) by reflection, and lists
/// every breach of the rules: an explicit id on every message, no id twice, every id in a range of its
/// own assembly's table, no two ranges (of one assembly or of two) overlapping.
/// </summary>
public static class LoggerEventIds
{
    private const string LoggerMessageAttribute = "Microsoft.Extensions.Logging.LoggerMessageAttribute";

    private const BindingFlags AllDeclared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    /// <summary>Every <c>[LoggerMessage]</c> method of <paramref name="assembly"/>, in a stable order.</summary>
    public static IReadOnlyList<EventIdUse> Uses(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var uses = new List<EventIdUse>();
        foreach (var type in LoadableTypes(assembly))
        {
            foreach (var method in type.GetMethods(AllDeclared))
            {
                foreach (var attribute in method.GetCustomAttributesData())
                {
                    if (attribute.AttributeType.FullName == LoggerMessageAttribute)
                    {
                        uses.Add(new EventIdUse($"{type.FullName}.{method.Name}", ExplicitEventId(attribute)));
                    }
                }
            }
        }

        return [.. uses.OrderBy(u => u.EventId ?? -1).ThenBy(u => u.Method, StringComparer.Ordinal)];
    }

    /// <summary>The ranges of the event-id table of <paramref name="assembly"/>; throws when it has none or several.</summary>
    public static IReadOnlyList<EventIdRange> Table(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var tables = LoadableTypes(assembly)
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("EventIds", StringComparison.Ordinal))
            .ToList();
        if (tables.Count != 1)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} must have exactly one static *EventIds table, found {tables.Count}: " +
                string.Join(", ", tables.Select(t => t.FullName)));
        }

        var field = tables[0].GetField("Ranges", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{tables[0].FullName} has no static Ranges field");
        var ranges = (ValueTuple<string, int, int>[])(field.GetValue(null)
            ?? throw new InvalidOperationException($"{tables[0].FullName}.Ranges is null"));
        var name = assembly.GetName().Name ?? assembly.FullName ?? "?";
        return [.. ranges.Select(r => new EventIdRange(name, r.Item1, r.Item2, r.Item3))];
    }

    /// <summary>
    /// Every breach in <paramref name="subject"/>'s messages and table, and every overlap between its
    /// ranges and those of <paramref name="others"/>; empty when all is well.
    /// </summary>
    public static IReadOnlyList<string> Problems(Assembly subject, params Assembly[] others)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(others);
        var problems = new List<string>();
        var table = Table(subject);
        var uses = Uses(subject);

        foreach (var range in table.Where(r => r.First > r.Last))
        {
            problems.Add($"range {range} is empty (first > last)");
        }

        for (var i = 0; i < table.Count; i++)
        {
            for (var j = i + 1; j < table.Count; j++)
            {
                if (table[i].Overlaps(table[j]))
                {
                    problems.Add($"ranges {table[i]} and {table[j]} overlap");
                }
            }
        }

        foreach (var other in others.Where(o => o != subject))
        {
            foreach (var mine in table)
            {
                foreach (var theirs in Table(other).Where(mine.Overlaps))
                {
                    problems.Add($"ranges {mine} and {theirs} overlap");
                }
            }
        }

        foreach (var use in uses.Where(u => u.EventId is null))
        {
            problems.Add($"{use} sets no explicit EventId");
        }

        foreach (var group in uses.Where(u => u.EventId is not null).GroupBy(u => u.EventId!.Value).Where(g => g.Count() > 1))
        {
            problems.Add($"EventId {group.Key} is used {group.Count()} times: {string.Join(", ", group.Select(u => u.Method))}");
        }

        foreach (var use in uses.Where(u => u.EventId is { } id && !table.Any(r => r.Contains(id))))
        {
            problems.Add($"{use} lies in no range of the {subject.GetName().Name} table");
        }

        return problems;
    }

    private static int? ExplicitEventId(CustomAttributeData attribute)
    {
        foreach (var named in attribute.NamedArguments)
        {
            if (named.MemberName == "EventId" && named.TypedValue.Value is int id)
            {
                return id;
            }
        }

        // LoggerMessage(int eventId, LogLevel level, string message) and its siblings take the id first.
        if (attribute.ConstructorArguments.Count > 0
            && attribute.Constructor.GetParameters()[0].Name == "eventId"
            && attribute.ConstructorArguments[0].Value is int positional)
        {
            return positional;
        }

        return null;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }
}
