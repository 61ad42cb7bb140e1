namespace Lvx.Commands.Coordinator;

/// <summary>The exit codes of the coordinator commands.</summary>
internal static class ExitCodes
{
    /// <summary>The call succeeded.</summary>
    public const int Success = 0;

    /// <summary>The coordinator refused or failed the call, or could not be reached.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;
}
