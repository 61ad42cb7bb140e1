using System.Globalization;
using Grpc.Net.Client;
using Hsm.Agent.Hosting;
using Hsm.Agent.Options;
using Hsm.Agent.IntegrationTests.Support;
using LvExtend.Agent.V1;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.EndToEnd;

/// <summary>The whole agent (web host, mailbox, monitors, gRPC) in-process, configured for a <see cref="GuestRig"/>.</summary>
internal sealed class AgentHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _channel;

    private AgentHost(WebApplication app, string address, TestLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
        _channel = GrpcChannel.ForAddress(address);
        Status = new AgentStatus.AgentStatusClient(_channel);
    }

    public string Address { get; }

    public TestLoggerProvider Logs { get; }

    public AgentStatus.AgentStatusClient Status { get; }

    public GrpcChannel Channel => _channel;

    /// <summary>The VM the wait helpers look at; null: the first one listed (a libvirt agent sees every domain on the host).</summary>
    public string? VmName { get; set; }

    public static async Task<AgentHost> StartAsync(GuestRig rig, int chunkMib, int utilizationPercent, ITestOutputHelper output, int hostId = 1, string? metricsUrl = null,
        VmSourceKind source = VmSourceKind.QmpDirectory, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Agent:HostId"] = hostId.ToString(CultureInfo.InvariantCulture),
            ["Agent:PoolId"] = Guid.NewGuid().ToString(),
            ["Agent:InboxPath"] = rig.InboxPath,
            ["Agent:OutboxPath"] = rig.OutboxPath,
            ["Agent:MailboxIoMode"] = "BufferedWithFsync",
            ["Agent:MailboxPollInterval"] = "00:00:00.010",
            ["Agent:VmDirectory"] = rig.VmDirectory,
            ["Agent:VmRescanInterval"] = "00:00:00.200",
            ["Agent:QmpReconnectDelay"] = "00:00:00.200",
            ["Agent:DeviceRoot"] = rig.DeviceRoot,
            [$"Agent:Domains:{rig.Vg.Name}"] = rig.DomainId.ToString(),
            ["Agent:ListenUrl"] = "http://127.0.0.1:0",
            ["Agent:MetricsListenUrl"] = metricsUrl ?? string.Empty,
            ["Agent:Activation:Backend"] = "Loop",
            ["Agent:Activation:LoopBackingDirectory"] = rig.BackingDirectory,
            ["Agent:Policy:ChunkMib"] = chunkMib.ToString(CultureInfo.InvariantCulture),
            ["Agent:Policy:UtilizationPercent"] = utilizationPercent.ToString(CultureInfo.InvariantCulture),
            // These tests size the fixed chunk on purpose (extend ahead, too small -> ENOSPC pause): adaptive growth off.
            ["Agent:Policy:Adaptive:Enabled"] = "false",
            ["Agent:Policy:RetryMaxDelay"] = "00:00:00.500",
            ["Agent:VmSource"] = source.ToString(),
            ["Agent:Libvirt:ReconnectInitialDelay"] = "00:00:00.200",
            ["Agent:Libvirt:ReconnectMaxDelay"] = "00:00:02",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var devices = rig.Vg.Devices;
        for (var i = 0; i < devices.Count; i++)
        {
            settings[$"Agent:Activation:Devices:{i}"] = devices[i];
        }

        var logs = new TestLoggerProvider(output);
        var app = AgentApplication.Build(
            [],
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Information);
            },
            contentRoot: rig.Root);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AgentHost(app, address, logs);
    }

    /// <summary>
    /// Polls the status API until <paramref name="until"/> completes and returns the last status that still
    /// showed the first VM's first drive: a guest that finished powers off and its VM leaves the status.
    /// </summary>
    public async Task<(Vm Vm, Drive Drive)> LastSeenDriveUntilAsync(Task until)
    {
        ArgumentNullException.ThrowIfNull(until);
        (Vm, Drive)? lastSeen = null;
        while (true)
        {
            var done = until.IsCompleted;
            var status = await Status.GetStatusAsync(new GetStatusRequest());
            if (FirstDrive(status) is { } seen)
            {
                lastSeen = seen;
            }

            if (done)
            {
                await until;
                return lastSeen ?? throw new InvalidOperationException($"the agent never showed the VM's drive; last status: {status}");
            }

            await Task.WhenAny(until, Task.Delay(50));
        }
    }

    /// <summary>Polls the status API until <paramref name="condition"/> holds for the first VM's first drive.</summary>
    public async Task<(Vm Vm, Drive Drive)> WaitForDriveAsync(Func<Vm, Drive, bool> condition, string what, TimeSpan? timeout = null)
    {
        var status = await Eventually.ValueAsync(
            () => Status.GetStatusAsync(new GetStatusRequest()).ResponseAsync,
            s => FirstDrive(s) is { } seen && condition(seen.Vm, seen.Drive),
            what,
            timeout ?? TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(50));
        return FirstDrive(status)!.Value;
    }

    /// <summary>The VM the helpers look at and its first drive, if the status shows both.</summary>
    private (Vm Vm, Drive Drive)? FirstDrive(GetStatusResponse status) =>
        (VmName is null ? status.Vms.FirstOrDefault() : status.Vms.FirstOrDefault(v => v.Name == VmName)) is { Drives: [var drive, ..] } vm
            ? (vm, drive)
            : null;

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
