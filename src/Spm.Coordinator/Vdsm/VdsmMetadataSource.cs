using LvExtend.Lvm;
using LvExtend.Lvm.Vdsm;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Options;

namespace Spm.Coordinator.Vdsm;

/// <summary><see cref="IVdsmMetadataSource"/> over <see cref="VdsmMetadataReader"/>, with the coordinator's lvm binary and timeout.</summary>
internal sealed class VdsmMetadataSource : IVdsmMetadataSource
{
    private readonly VdsmMetadataReader _reader;

    public VdsmMetadataSource(ICommandRunner runner, IOptions<CoordinatorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _reader = new VdsmMetadataReader(new LvmTool(
            runner, new LvmToolOptions { Binary = options.Value.Lvm.CommandPath, ReportTimeout = options.Value.Lvm.CommandTimeout }));
    }

    public Task<LvmQueryResult<VdsmDomainMetadata>> ReadDomainAsync(string vg, IReadOnlyList<string> devices, CancellationToken cancellationToken) =>
        _reader.ReadDomainAsync(vg, devices, cancellationToken);
}
