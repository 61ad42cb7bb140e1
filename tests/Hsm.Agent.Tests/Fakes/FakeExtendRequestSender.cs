using System.Collections.Concurrent;
using Hsm.Agent.Extension;
using Shared.Mailbox;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>Records requests; each completes when the test answers it (or at once with <see cref="AutoReply"/>).</summary>
internal sealed class FakeExtendRequestSender : IExtendRequestSender
{
    private readonly ConcurrentQueue<(ExtendMessage Request, TaskCompletionSource<ExtendReply> Reply)> _waiting = new();

    public ConcurrentQueue<ExtendMessage> Sent { get; } = new();

    /// <summary>When set, requests are answered at once with this result (and the activator grown by <see cref="OnSuccess"/>).</summary>
    public bool? AutoReply { get; set; }

    /// <summary>Called before a success reply completes (the "coordinator" extends the LV).</summary>
    public Action<ExtendMessage>? OnSuccess { get; set; }

    /// <summary>Exceptions thrown by the next sends, one each (a mailbox write that fails with an IOException).</summary>
    public ConcurrentQueue<Exception> Throw { get; } = new();

    public int InFlight => _waiting.Count;

    public Task<ExtendReply> SendAsync(ExtendMessage request, CancellationToken cancellationToken)
    {
        Sent.Enqueue(request);
        if (Throw.TryDequeue(out var exception))
        {
            throw exception;
        }

        if (AutoReply is { } ok)
        {
            if (ok)
            {
                OnSuccess?.Invoke(request);
            }

            return Task.FromResult(new ExtendReply(request, ok));
        }

        var reply = new TaskCompletionSource<ExtendReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue((request, reply));
        cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken));
        return reply.Task;
    }

    /// <summary>Answers the oldest waiting request.</summary>
    public ExtendMessage Answer(bool success)
    {
        if (!_waiting.TryDequeue(out var entry))
        {
            throw new InvalidOperationException("no request is waiting");
        }

        if (success)
        {
            OnSuccess?.Invoke(entry.Request);
        }

        entry.Reply.SetResult(new ExtendReply(entry.Request, success));
        return entry.Request;
    }
}
