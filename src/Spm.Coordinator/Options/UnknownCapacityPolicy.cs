namespace Spm.Coordinator.Options;

/// <summary>What a vdsm block domain does with a volume whose capacity cannot be read from vdsm's metadata.</summary>
internal enum UnknownCapacityPolicy
{
    /// <summary>Refuse the request (audited, reason <c>CapacityUnknown</c>). The default.</summary>
    Refuse = 0,

    /// <summary>Serve it up to the domain maximum (<c>MaxVolumeSizeMib</c>), as for a volume without a capacity.</summary>
    DomainMaximum = 1,
}
