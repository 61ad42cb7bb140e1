namespace LvExtend.Bench.Simulation;

/// <summary>How an extension ended for the simulated host.</summary>
internal enum ExtensionOutcome
{
    /// <summary>Replied with success and the LV read back at least the requested size.</summary>
    Extended,

    /// <summary>Replied with failure (size-0 reply).</summary>
    Refused,

    /// <summary>Replied with success but the LV never read back the requested size.</summary>
    NotVerified,

    /// <summary>No reply within the reply timeout (the request was withdrawn).</summary>
    TimedOut,
}
