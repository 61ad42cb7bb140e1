using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Hsm.Agent.Qmp;

/// <summary>
/// One QMP connection over a unix socket. A single reader loop routes replies to the pending command by
/// <c>id</c> and events to <see cref="Events"/> (bounded, oldest dropped when the consumer lags: the
/// periodic watermark check covers a lost event). Commands are serialized on the write side only; any
/// number may be in flight.
/// </summary>
internal sealed partial class QmpClient : IAsyncDisposable
{
    /// <summary>Events kept while the consumer is busy; beyond that the oldest are dropped.</summary>
    public const int EventCapacity = 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly string _path;
    private readonly TimeSpan _commandTimeout;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private readonly Channel<QmpEvent> _events;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<JsonElement> _greeting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private long _nextId;
    private long _droppedEvents;
    private int _disposed;

    private QmpClient(Socket socket, string path, TimeSpan commandTimeout, TimeProvider timeProvider, ILogger logger)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _path = path;
        _commandTimeout = commandTimeout;
        _timeProvider = timeProvider;
        _logger = logger;
        _events = Channel.CreateBounded<QmpEvent>(
            new BoundedChannelOptions(EventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
            dropped => { Interlocked.Increment(ref _droppedEvents); Log.EventDropped(_logger, _path, dropped.Name); });
    }

    /// <summary>The socket path this client is connected to.</summary>
    public string Path => _path;

    /// <summary>qemu's greeting (<c>{"QMP": {"version": ..., "capabilities": [...]}}</c> member <c>QMP</c>).</summary>
    public JsonElement Greeting { get; private set; }

    /// <summary>Events in arrival order. Completes when the connection closes.</summary>
    public ChannelReader<QmpEvent> Events => _events.Reader;

    /// <summary>Completes when the connection is closed (by qemu or by <see cref="DisposeAsync"/>).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Events dropped because the consumer lagged.</summary>
    public long DroppedEvents => Interlocked.Read(ref _droppedEvents);

    /// <summary>Connects, reads the greeting and negotiates capabilities (<c>qmp_capabilities</c>).</summary>
    public static async Task<QmpClient> ConnectAsync(
        string socketPath, TimeSpan commandTimeout, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken)
                .AsTask().WaitAsync(commandTimeout, timeProvider, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var client = new QmpClient(socket, socketPath, commandTimeout, timeProvider, logger);
        try
        {
            client._reader = Task.Run(client.ReadLoopAsync, CancellationToken.None);
            try
            {
                client.Greeting = await client._greeting.Task.WaitAsync(commandTimeout, timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new QmpTimeoutException("(greeting)", commandTimeout);
            }

            await client.ExecuteAsync("qmp_capabilities", null, cancellationToken);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs one command and returns its <c>return</c> member; throws <see cref="QmpException"/> subtypes.</summary>
    public async Task<JsonElement> ExecuteAsync(string command, JsonObject? arguments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(command);
        _pending[id] = pending;
        try
        {
            var line = Serialize(command, arguments, id);
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                await _stream.WriteAsync(line, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                throw new QmpConnectionClosedException($"QMP connection {_path} closed while sending {command}", ex);
            }
            finally
            {
                _writeLock.Release();
            }

            if (_closed.Task.IsCompleted)
            {
                pending.Completion.TrySetException(new QmpConnectionClosedException($"QMP connection {_path} is closed"));
            }

            try
            {
                return await pending.Completion.Task.WaitAsync(_commandTimeout, _timeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new QmpTimeoutException(command, _commandTimeout);
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }

        _socket.Close();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
            // Expected on dispose.
        }

        await _stream.DisposeAsync();
        _socket.Dispose();
        _writeLock.Dispose();
        _stop.Dispose();
    }

    private static byte[] Serialize(string command, JsonObject? arguments, long id)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("execute", command);
            if (arguments is not null)
            {
                writer.WritePropertyName("arguments");
                arguments.WriteTo(writer);
            }

            writer.WriteNumber("id", id);
            writer.WriteEndObject();
        }

        var bytes = new byte[buffer.WrittenCount + 1];
        buffer.WrittenSpan.CopyTo(bytes);
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            using var reader = new StreamReader(_stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 16 * 1024, leaveOpen: true);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length > 0)
                {
                    Route(line);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            failure = ex;
        }
        finally
        {
            Close(failure);
        }
    }

    private void Route(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            Log.MalformedLine(_logger, _path, ex);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (root.TryGetProperty("event", out var name))
            {
                var data = root.TryGetProperty("data", out var d) ? d.Clone() : EmptyObject();
                _events.Writer.TryWrite(new QmpEvent(name.GetString() ?? string.Empty, data, _timeProvider.GetUtcNow()));
                return;
            }

            if (root.TryGetProperty("QMP", out var greeting))
            {
                _greeting.TrySetResult(greeting.Clone());
                return;
            }

            if (!root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt64(out var id) || !_pending.TryGetValue(id, out var pending))
            {
                Log.UnmatchedReply(_logger, _path, line.Length > 200 ? line[..200] : line);
                return;
            }

            if (root.TryGetProperty("error", out var error))
            {
                var errorClass = error.TryGetProperty("class", out var c) ? c.GetString() ?? "?" : "?";
                var desc = error.TryGetProperty("desc", out var s) ? s.GetString() ?? string.Empty : string.Empty;
                pending.Completion.TrySetException(new QmpCommandException(pending.Command, errorClass, desc));
            }
            else
            {
                var result = root.TryGetProperty("return", out var r) ? r.Clone() : EmptyObject();
                pending.Completion.TrySetResult(result);
            }
        }
    }

    private void Close(Exception? failure)
    {
        var closed = new QmpConnectionClosedException($"QMP connection {_path} closed", failure ?? new EndOfStreamException());
        _greeting.TrySetException(closed);
        foreach (var entry in _pending)
        {
            entry.Value.Completion.TrySetException(closed);
        }

        _events.Writer.TryComplete();
        _closed.TrySetResult();
        Log.Closed(_logger, _path, failure?.Message ?? "end of stream");
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private sealed class Pending(string command)
    {
        public string Command { get; } = command;

        public TaskCompletionSource<JsonElement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
