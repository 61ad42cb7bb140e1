namespace LvExtend.TestSupport;

/// <summary>Linux signal numbers (x86-64) that tests send to child processes.</summary>
public enum ProcessSignal
{
    Hangup = 1,
    Interrupt = 2,
    Kill = 9,
    Terminate = 15,
    Continue = 18,
    Stop = 19,
}
