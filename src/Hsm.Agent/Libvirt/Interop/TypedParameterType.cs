namespace Hsm.Agent.Libvirt.Interop;

/// <summary><c>virTypedParameterType</c> (libvirt-common.h).</summary>
internal enum TypedParameterType
{
    Int = 1,
    UInt = 2,
    LongLong = 3,
    ULongLong = 4,
    Double = 5,
    Boolean = 6,
    String = 7,
}
