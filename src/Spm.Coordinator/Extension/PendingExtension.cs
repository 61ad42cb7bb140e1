using System.Diagnostics;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// A request the VG worker validated and found to need lvextend: everything <see cref="ExtendPipeline.ExtendAsync"/>
/// needs to run it (possibly beside another extension of the VG). It holds <see cref="ReservedExtents"/> of the VG's
/// free extents until its lvextend ends, and owns its trace activity.
/// </summary>
internal sealed record PendingExtension(
    ExtendCommand Command,
    RequestClock Clock,
    Activity? Activity,
    string LvName,
    long SizeBeforeBytes,
    long TargetBytes,
    NewExtendRequest Row,
    long ReservedExtents);
