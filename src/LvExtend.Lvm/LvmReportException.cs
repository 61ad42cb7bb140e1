namespace LvExtend.Lvm;

/// <summary>An lvm JSON report that does not have the expected shape; the message names the field and the value.</summary>
public sealed class LvmReportException : FormatException
{
    public LvmReportException()
    {
    }

    public LvmReportException(string message)
        : base(message)
    {
    }

    public LvmReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
