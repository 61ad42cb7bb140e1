namespace LvExtend.Lvm.Vdsm;

/// <summary>An lvm report the vdsm metadata reader needs failed; the message is lvm's reason.</summary>
internal sealed class LvmQueryException : Exception
{
    public LvmQueryException()
    {
    }

    public LvmQueryException(string message)
        : base(message)
    {
    }

    public LvmQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
