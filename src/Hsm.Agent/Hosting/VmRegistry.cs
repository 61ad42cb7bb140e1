using System.Collections.Concurrent;
using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Hosting;

/// <summary>The VMs being watched, by name (read by the status API).</summary>
internal sealed class VmRegistry
{
    private readonly ConcurrentDictionary<string, VmMonitor> _vms = new(StringComparer.Ordinal);

    public IReadOnlyList<VmMonitor> All => _vms.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();

    public void Add(VmMonitor vm) => _vms[vm.Name] = vm;

    public void Remove(string name) => _vms.TryRemove(name, out _);

    public bool TryGet(string name, out VmMonitor? vm) => _vms.TryGetValue(name, out vm);
}
