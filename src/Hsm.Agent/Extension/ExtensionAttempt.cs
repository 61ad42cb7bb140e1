namespace Hsm.Agent.Extension;

/// <summary>The outcome of one extension request: sent, answered, refreshed and verified, or why not.</summary>
/// <param name="Succeeded">True when the LV is at least the requested size after the refresh.</param>
/// <param name="NewSizeBytes">The LV size after the refresh (0 when it was not refreshed).</param>
/// <param name="SentAt">When the request went to the mailbox.</param>
/// <param name="RepliedAt">When the reply arrived (null when none did).</param>
/// <param name="RefreshedAt">When the refresh finished (null when not refreshed).</param>
/// <param name="Error">Why it failed; null on success.</param>
internal sealed record ExtensionAttempt(
    bool Succeeded,
    long NewSizeBytes,
    DateTimeOffset SentAt,
    DateTimeOffset? RepliedAt,
    DateTimeOffset? RefreshedAt,
    string? Error);
