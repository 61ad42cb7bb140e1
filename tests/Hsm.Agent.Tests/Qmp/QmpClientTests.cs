using System.Text.Json.Nodes;
using Hsm.Agent.Qmp;
using Hsm.Agent.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hsm.Agent.Tests.Qmp;

public sealed class QmpClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConnectAsync_ReadsGreetingAndNegotiatesCapabilities()
    {
        await using var server = new FakeQmpServer(autoCapabilities: false);

        var connecting = QmpClient.ConnectAsync(server.SocketPath, Timeout, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        var capabilities = await server.NextCommandAsync();
        Assert.Equal("qmp_capabilities", capabilities.GetProperty("execute").GetString());
        Assert.False(connecting.IsCompleted);
        await server.ReplyAsync(capabilities);
        await using var client = await connecting;

        Assert.Equal(7, client.Greeting.GetProperty("version").GetProperty("qemu").GetProperty("major").GetInt32());
    }

    [Fact]
    public async Task ExecuteAsync_RepliesOutOfOrder_EachGoesToItsCommand()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, Timeout, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        var first = client.ExecuteAsync("query-status", null, CancellationToken.None);
        var second = client.ExecuteAsync("query-block", new JsonObject { ["x"] = 1 }, CancellationToken.None);
        var firstCommand = await server.NextCommandAsync();
        var secondCommand = await server.NextCommandAsync();
        Assert.Equal(1, secondCommand.GetProperty("arguments").GetProperty("x").GetInt32());
        await server.EventAsync("RESUME");
        await server.ReplyAsync(secondCommand, "[\"second\"]");
        await server.EventAsync("STOP");
        await server.ReplyAsync(firstCommand, "{\"status\": \"running\", \"running\": true}");

        Assert.Equal("second", (await second)[0].GetString());
        Assert.Equal("running", (await first).GetProperty("status").GetString());
        Assert.Equal("RESUME", (await client.Events.ReadAsync()).Name);
        Assert.Equal("STOP", (await client.Events.ReadAsync()).Name);
    }

    [Fact]
    public async Task ExecuteAsync_ErrorReply_ThrowsQmpCommandExceptionWithClassAndDescription()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, Timeout, TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        var call = client.ExecuteAsync("block-set-write-threshold", null, CancellationToken.None);
        var command = await server.NextCommandAsync();
        await server.SendAsync($"{{\"error\": {{\"class\": \"GenericError\", \"desc\": \"Device 'x' not found\"}}, \"id\": {command.GetProperty("id").GetRawText()}}}");

        var error = await Assert.ThrowsAsync<QmpCommandException>(() => call);
        Assert.Equal("GenericError", error.ErrorClass);
        Assert.Equal("Device 'x' not found", error.Description);
    }

    [Fact]
    public async Task ExecuteAsync_NoReply_TimesOut()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, TimeSpan.FromMilliseconds(300), TimeProvider.System, NullLogger.Instance, CancellationToken.None);

        var error = await Assert.ThrowsAsync<QmpTimeoutException>(() => client.ExecuteAsync("query-status", null, CancellationToken.None));

        Assert.Equal("query-status", error.Command);
    }

    [Fact]
    public async Task ServerCloses_PendingCommandFailsAndEventsComplete()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, Timeout, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        var pending = client.ExecuteAsync("query-status", null, CancellationToken.None);
        await server.NextCommandAsync();

        server.CloseClient();

        await Assert.ThrowsAsync<QmpConnectionClosedException>(() => pending);
        await client.Closed.WaitAsync(Timeout);
        await client.Events.Completion.WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<QmpException>(() => client.ExecuteAsync("query-status", null, CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_ThrowsOperationCanceled()
    {
        await using var server = new FakeQmpServer();
        await using var client = await QmpClient.ConnectAsync(server.SocketPath, Timeout, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var call = client.ExecuteAsync("query-status", null, cancel.Token);
        await server.NextCommandAsync();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
