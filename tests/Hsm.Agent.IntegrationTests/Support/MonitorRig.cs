using System.Diagnostics.Metrics;
using Hsm.Agent.Extension;
using Hsm.Agent.Hosting;
using Hsm.Agent.Libvirt;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Options;
using Hsm.Agent.Telemetry;
using LvExtend.TestSupport;
using LvExtend.TestSupport.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Hsm.Agent.IntegrationTests.Support;

/// <summary>The agent's VM discovery and monitors (no gRPC host) wired to a <see cref="GuestRig"/> and a request sender.</summary>
internal sealed class MonitorRig : IAsyncDisposable
{
    private readonly ServiceProvider _metrics;
    private readonly ILoggerFactory _loggerFactory;
    private readonly BackgroundService _service;
    private readonly CancellationTokenSource _sampling = new();
    private Task _sampler = Task.CompletedTask;
    private VmStatus? _lastSeen;

    public MonitorRig(GuestRig rig, IExtendRequestSender sender, ExtensionPolicyOptions policy, ITestOutputHelper output,
        VmSourceKind source = VmSourceKind.QmpDirectory, LibvirtOptions? libvirt = null)
    {
        Logs = new TestLoggerProvider(output);
        _loggerFactory = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var agent = Microsoft.Extensions.Options.Options.Create(rig.AgentOptions());
        var context = new VmMonitorContext(
            agent,
            new TestOptionsMonitor<ExtensionPolicyOptions>(policy),
            new DriveExtender(sender, rig.Activator, TimeProvider.System),
            new DriveMapper(agent),
            TimeProvider.System,
            new AgentInstruments(_metrics.GetRequiredService<IMeterFactory>()),
            _loggerFactory);
        _service = source == VmSourceKind.Libvirt
            ? Libvirt = new LibvirtVmSource(
                Microsoft.Extensions.Options.Options.Create(libvirt ?? new LibvirtOptions { ReconnectInitialDelay = TimeSpan.FromMilliseconds(200), ReconnectMaxDelay = TimeSpan.FromSeconds(2) }),
                context, Registry, _loggerFactory.CreateLogger<LibvirtVmSource>())
            : new VmDirectoryService(agent, context, Registry, TimeProvider.System, _loggerFactory.CreateLogger<VmDirectoryService>());
    }

    /// <summary>The libvirt source, when that is the one under test.</summary>
    public LibvirtVmSource? Libvirt { get; }

    /// <summary>The name of the VM the helpers look at (the QMP socket name, or the libvirt domain name).</summary>
    public string VmName { get; set; } = GuestRig.VmName;

    public VmRegistry Registry { get; } = new();

    public TestLoggerProvider Logs { get; }

    public Task StartAsync()
    {
        _sampler = SampleAsync(_sampling.Token);
        return _service.StartAsync(CancellationToken.None);
    }

    /// <summary>
    /// The VM's status, or the last one seen while it was registered: the agent drops a VM as soon as its guest exits
    /// (the QMP socket goes away), and a test that waited for the guest's result still reads its final counts.
    /// </summary>
    public VmStatus? LastSeenVm() => Vm() ?? Volatile.Read(ref _lastSeen);

    public VmStatus? Vm(string? name = null) => Registry.TryGet(name ?? VmName, out var vm) ? vm!.Snapshot() : null;

    /// <summary>Waits until the VM's status satisfies <paramref name="condition"/>.</summary>
    public async Task<VmStatus> WaitForVmAsync(Func<VmStatus, bool> condition, string what, TimeSpan? timeout = null) =>
        (await Eventually.ValueAsync(
            () => Task.FromResult(Vm()),
            vm => vm is not null && condition(vm),
            $"the VM {what}",
            timeout ?? TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(50)))!;

    /// <summary>Waits until the VM's first drive satisfies <paramref name="condition"/>.</summary>
    public async Task<DriveStatus> WaitForDriveAsync(Func<DriveStatus, bool> condition, string what, TimeSpan? timeout = null) =>
        (await WaitForVmAsync(vm => vm.Drives is [var drive, ..] && condition(drive), $"showed its drive {what}", timeout)).Drives[0];

    public async ValueTask DisposeAsync()
    {
        await _sampling.CancelAsync();
        await _sampler;
        _sampling.Dispose();
        await _service.StopAsync(CancellationToken.None);
        _service.Dispose();
        await _metrics.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (Vm() is { } vm)
                {
                    Volatile.Write(ref _lastSeen, vm);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }
}
