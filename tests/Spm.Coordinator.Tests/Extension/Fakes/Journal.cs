namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>The order in which the fakes saw things happen (lvm commands, store writes, replies).</summary>
internal sealed class Journal
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries => _entries;

    public void Add(string entry) => _entries.Add(entry);

    public int IndexOf(string prefix) => _entries.FindIndex(e => e.StartsWith(prefix, StringComparison.Ordinal));
}
