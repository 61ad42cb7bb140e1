namespace Shared.Mailbox;

/// <summary>
/// The manager's answer to <paramref name="Request"/>: <paramref name="Succeeded"/> is true for a reply identical
/// to the request, false for the size-0 failure reply.
/// </summary>
public readonly record struct ExtendReply(ExtendMessage Request, bool Succeeded);
