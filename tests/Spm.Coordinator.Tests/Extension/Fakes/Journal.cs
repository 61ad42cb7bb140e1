namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>
/// The order in which the fakes saw things happen (lvm commands, store writes, replies). Thread-safe: the pipeline
/// writes the intent row on another thread while lvextend runs.
/// </summary>
internal sealed class Journal
{
    private readonly Lock _lock = new();
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries
    {
        get
        {
            lock (_lock)
            {
                return [.. _entries];
            }
        }
    }

    public void Add(string entry)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }
    }

    public int IndexOf(string prefix)
    {
        lock (_lock)
        {
            return _entries.FindIndex(e => e.StartsWith(prefix, StringComparison.Ordinal));
        }
    }
}
