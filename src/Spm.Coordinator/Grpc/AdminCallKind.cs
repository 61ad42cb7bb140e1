namespace Spm.Coordinator.Grpc;

/// <summary>Whether an Admin call only reads or changes something.</summary>
internal enum AdminCallKind
{
    /// <summary>Reads state: open to loopback clients.</summary>
    Read = 0,

    /// <summary>Changes volumes, the VG or the policy: always needs the token.</summary>
    Mutation = 1,
}
