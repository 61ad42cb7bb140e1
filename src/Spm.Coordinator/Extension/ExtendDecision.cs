namespace Spm.Coordinator.Extension;

/// <summary>What validation decided for a request.</summary>
internal enum ExtendDecisionKind : byte
{
    /// <summary>Refused: size 0, above the cap or above the domain maximum.</summary>
    Reject = 1,

    /// <summary>The LV already has at least the requested size (in whole extents): success without lvextend.</summary>
    AlreadyLargeEnough = 2,

    /// <summary>lvextend is needed.</summary>
    Extend = 3,
}

/// <summary>The outcome of <see cref="ExtendValidator.Decide"/>.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Rejection">Why (rejections).</param>
/// <param name="TargetBytes">The size LVM will give the LV (the request rounded up to whole extents).</param>
/// <param name="GrowthBytes">How much the LV grows.</param>
/// <param name="CapMib">The cap that applied, when the capacity is known.</param>
internal readonly record struct ExtendDecision(ExtendDecisionKind Kind, Rejection? Rejection, long TargetBytes, long GrowthBytes, long? CapMib)
{
    public static ExtendDecision Reject(RejectionReason reason, string detail, long? capMib = null) =>
        new(ExtendDecisionKind.Reject, new Rejection(reason, detail), 0, 0, capMib);
}
