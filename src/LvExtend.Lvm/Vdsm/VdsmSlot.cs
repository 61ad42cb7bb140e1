namespace LvExtend.Lvm.Vdsm;

/// <summary>A parsed metadata slot: its <c>KEY=VALUE</c> pairs (the text before <c>EOF</c>).</summary>
/// <param name="Values">The pairs, keys as written.</param>
public sealed record VdsmSlot(IReadOnlyDictionary<string, string> Values);
