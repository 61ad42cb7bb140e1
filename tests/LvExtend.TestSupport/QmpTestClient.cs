using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LvExtend.TestSupport;

/// <summary>
/// A small independent QMP client for tests (to drive and observe a <see cref="QemuGuest"/> besides the
/// code under test): one reader routes replies to commands by id and keeps every event.
/// </summary>
public sealed class QmpTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamWriter _writer;
    private readonly StreamReader _reader;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly List<JsonElement> _events = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _eventAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private long _nextId;

    private QmpTestClient(Socket socket)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(stream, Encoding.UTF8);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
    }

    /// <summary>Every event received so far, in order (each the whole message: event, data, timestamp).</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Connects, reads the greeting and negotiates capabilities.</summary>
    public static async Task<QmpTestClient> ConnectAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            while (true)
            {
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cts.Token).ConfigureAwait(false);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(20, cts.Token).ConfigureAwait(false);
                }
            }

            var client = new QmpTestClient(socket);
            var greeting = await client._reader.ReadLineAsync(cts.Token).ConfigureAwait(false);
            if (greeting is null || !greeting.Contains("\"QMP\"", StringComparison.Ordinal))
            {
                throw new QmpErrorException($"Unexpected QMP greeting: {greeting}");
            }

            client._readLoop = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            await client.ExecuteAsync("qmp_capabilities", null, cts.Token).ConfigureAwait(false);
            return client;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"No QMP session on {socketPath} within {timeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs a command and returns its "return" value; throws <see cref="QmpErrorException"/> on an error reply.</summary>
    public async Task<JsonElement> ExecuteAsync(string command, object? arguments = null, CancellationToken cancellationToken = default)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["execute"] = command, ["id"] = id };
        if (arguments is not null)
        {
            message["arguments"] = JsonSerializer.SerializeToNode(arguments);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _writer.WriteLineAsync(message.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        using var registration = cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken));
        var response = await reply.Task.ConfigureAwait(false);
        if (response.TryGetProperty("error", out var error))
        {
            throw new QmpErrorException($"QMP {command} failed: {error}");
        }

        return response.GetProperty("return");
    }

    /// <summary>
    /// Waits for an event named <paramref name="name"/> at index &gt;= <paramref name="fromIndex"/> of
    /// <see cref="Events"/> and returns it; throws <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<JsonElement> WaitForEventAsync(string name, TimeSpan timeout, int fromIndex = 0, CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        var next = fromIndex;
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                for (; next < _events.Count; next++)
                {
                    if (_events[next].GetProperty("event").GetString() == name)
                    {
                        return _events[next];
                    }
                }

                changed = _eventAdded.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"No QMP event {name} within {timeout.TotalSeconds:0.#} s.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // qemu is already gone.
        }

        _socket.Dispose();
        try
        {
            await _readLoop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // Closing.
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        try
        {
            while (await _reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                JsonElement message;
                using (var document = JsonDocument.Parse(line))
                {
                    message = document.RootElement.Clone();
                }

                if (message.TryGetProperty("event", out _))
                {
                    TaskCompletionSource added;
                    lock (_gate)
                    {
                        _events.Add(message);
                        added = _eventAdded;
                        _eventAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    added.TrySetResult();
                }
                else if (message.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt64(), out var reply))
                {
                    reply.TrySetResult(message);
                }
            }
        }
        finally
        {
            foreach (var reply in _pending.Values)
            {
                reply.TrySetException(new IOException("The QMP connection closed."));
            }
        }
    }
}
