using System.Runtime.InteropServices;

namespace Hsm.Agent.Libvirt.Interop;

/// <summary>
/// <c>struct _virTypedParameter { char field[80]; int type; union { int i; unsigned int ui; long long l;
/// unsigned long long ul; double d; char b; char *s; } value; }</c>: 96 bytes on x86_64.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 96)]
internal unsafe struct TypedParameter
{
    /// <summary>VIR_TYPED_PARAM_FIELD_LENGTH.</summary>
    public const int FieldLength = 80;

    [FieldOffset(0)]
    public fixed byte Field[FieldLength];

    [FieldOffset(80)]
    public TypedParameterType Type;

    [FieldOffset(88)]
    public long Int64;

    [FieldOffset(88)]
    public ulong UInt64;

    [FieldOffset(88)]
    public int Int32;

    [FieldOffset(88)]
    public uint UInt32;

    [FieldOffset(88)]
    public nint String;

    public string Name
    {
        get
        {
            fixed (byte* bytes = Field)
            {
                return Marshal.PtrToStringUTF8((nint)bytes) ?? string.Empty;
            }
        }
    }

    /// <summary>The value as a 64-bit integer for the integer types; null for the others.</summary>
    public readonly long? AsInt64 => Type switch
    {
        TypedParameterType.Int => Int32,
        TypedParameterType.UInt => UInt32,
        TypedParameterType.LongLong => Int64,
        TypedParameterType.ULongLong => UInt64 > long.MaxValue ? long.MaxValue : (long)UInt64,
        _ => null,
    };

    public readonly string? AsString => Type == TypedParameterType.String ? Marshal.PtrToStringUTF8(String) : null;
}
