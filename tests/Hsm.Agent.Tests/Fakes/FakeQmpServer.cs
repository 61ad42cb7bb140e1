using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Hsm.Agent.Tests.Fakes;

/// <summary>
/// A QMP server over a real unix socket for client-protocol tests: sends the greeting, hands every
/// command to the test (<see cref="Commands"/>), which answers with <see cref="SendAsync"/> in any order,
/// and can push events or close the connection.
/// </summary>
internal sealed class FakeQmpServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Channel<JsonElement> _commands = Channel.CreateUnbounded<JsonElement>();
    private readonly Task _acceptLoop;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private Socket? _client;
    private NetworkStream? _stream;

    public FakeQmpServer(bool autoCapabilities = true)
    {
        Directory = Path.Combine(Path.GetTempPath(), "lvx-agent-qmp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        SocketPath = Path.Combine(Directory, "vm.qmp");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen(1);
        AutoCapabilities = autoCapabilities;
        _acceptLoop = AcceptAsync();
    }

    public string Directory { get; }

    public string SocketPath { get; }

    public bool AutoCapabilities { get; }

    /// <summary>Commands received (qmp_capabilities excluded when answered automatically).</summary>
    public ChannelReader<JsonElement> Commands => _commands.Reader;

    public async Task<JsonElement> NextCommandAsync() =>
        await _commands.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public async Task SendAsync(string json)
    {
        await Connected.WaitAsync(TimeSpan.FromSeconds(20));
        await _writeLock.WaitAsync();
        try
        {
            await _stream!.WriteAsync(Encoding.UTF8.GetBytes(json + "\r\n"));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public Task ReplyAsync(JsonElement command, string returnJson = "{}") =>
        SendAsync($"{{\"return\": {returnJson}, \"id\": {command.GetProperty("id").GetRawText()}}}");

    public Task EventAsync(string name, string dataJson = "{}") =>
        SendAsync($"{{\"event\": \"{name}\", \"data\": {dataJson}, \"timestamp\": {{\"seconds\": 1, \"microseconds\": 2}}}}");

    public Task Connected => _connected.Task;

    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void CloseClient()
    {
        try
        {
            _client?.Shutdown(SocketShutdown.Both);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _client?.Close();
    }

    public async ValueTask DisposeAsync()
    {
        CloseClient();
        _listener.Close();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or IOException)
        {
            // Closed.
        }

        _writeLock.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task AcceptAsync()
    {
        _client = await _listener.AcceptAsync();
        _stream = new NetworkStream(_client);
        _connected.SetResult();
        await SendAsync("{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \"major\": 7}, \"package\": \"fake\"}, \"capabilities\": [\"oob\"]}}");
        using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
        while (await reader.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var command = document.RootElement.Clone();
            if (AutoCapabilities && command.GetProperty("execute").GetString() == "qmp_capabilities")
            {
                await ReplyAsync(command);
                continue;
            }

            _commands.Writer.TryWrite(command);
        }

        _commands.Writer.TryComplete();
    }
}
