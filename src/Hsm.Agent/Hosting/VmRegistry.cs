using System.Collections.Concurrent;
using Hsm.Agent.Monitoring;

namespace Hsm.Agent.Hosting;

/// <summary>The VMs being watched, by name, whatever their source (read by the status API).</summary>
internal sealed class VmRegistry
{
    private readonly ConcurrentDictionary<string, IMonitoredVm> _vms = new(StringComparer.Ordinal);

    public IReadOnlyList<IMonitoredVm> All => _vms.Values.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();

    public void Add(IMonitoredVm vm) => _vms[vm.Name] = vm;

    public void Remove(string name) => _vms.TryRemove(name, out _);

    /// <summary>Removes <paramref name="vm"/> only if it is still the one registered under its name.</summary>
    public void Remove(IMonitoredVm vm) => _vms.TryRemove(new KeyValuePair<string, IMonitoredVm>(vm.Name, vm));

    public bool TryGet(string name, out IMonitoredVm? vm) => _vms.TryGetValue(name, out vm);
}
