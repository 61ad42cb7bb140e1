using System.Text.Json;
using System.Threading.Channels;
using Hsm.Agent.Monitoring;
using Hsm.Agent.Qmp;
using Hsm.Agent.Telemetry;
using Hsm.Agent.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hsm.Agent.Tests.Monitoring;

/// <summary>The routing of QMP events to a drive (harness drive: vm1, device d0, format node fmt0, protocol node prot0) and to the run state.</summary>
public sealed class QmpEventDispatcherTests : IAsyncDisposable
{
    private const long Gib = 1L << 30;

    private readonly TestMeterFactory _meters = new();
    private readonly DriveMonitorHarness _h = new(1 * Gib, 8 * Gib);
    private readonly VmRunState _run = new();
    private readonly QmpEventDispatcher _dispatcher;

    public QmpEventDispatcherTests()
    {
        _dispatcher = new QmpEventDispatcher("vm1", [_h.Monitor], _run, new AgentInstruments(_meters), NullLogger.Instance);
    }

    [Fact]
    public async Task WriteThreshold_OnTheProtocolNode_MarksTheArmedDriveExceeded()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);
        Assert.Equal(DriveState.Set, _h.Monitor.State);

        _dispatcher.Dispatch(Event("BLOCK_WRITE_THRESHOLD", """{"node-name":"prot0","write-threshold":536870912,"amount-exceeded":4096}"""));

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.Equal(536870912 + 4096, _h.Monitor.Snapshot().Watermark);
    }

    [Theory]
    [InlineData("""{"node-name":"other","write-threshold":536870912,"amount-exceeded":4096}""")]
    [InlineData("""{"node-name":"fmt0","write-threshold":536870912,"amount-exceeded":4096}""")]
    public async Task WriteThreshold_OnANodeNotMonitored_ChangesNothing(string data)
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        _dispatcher.Dispatch(Event("BLOCK_WRITE_THRESHOLD", data));

        Assert.Equal(DriveState.Set, _h.Monitor.State);
        Assert.Equal(0, _h.Monitor.Snapshot().Watermark);
    }

    [Theory]
    [InlineData("""{"node-name":"prot0","nospace":true,"action":"stop","reason":"No space left on device"}""")]
    [InlineData("""{"node-name":"fmt0","nospace":true,"action":"stop","reason":"No space left on device"}""")]
    [InlineData("""{"device":"d0","nospace":true,"action":"stop","reason":"No space left on device"}""")]
    public async Task IoError_NoSpaceStop_CountsOnePauseAndExtendsTheDrive(string data)
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", data));
        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", data));

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.Equal(new VmRunSnapshot("unknown", true, 1, 0), _run.Snapshot());
    }

    [Fact]
    public async Task IoError_NoSpaceReported_ExtendsWithoutCountingAPause()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", """{"node-name":"prot0","nospace":true,"action":"report","reason":"No space left on device"}"""));

        Assert.Equal(DriveState.Exceeded, _h.Monitor.State);
        Assert.Equal(new VmRunSnapshot("unknown", false, 0, 0), _run.Snapshot());
    }

    [Fact]
    public async Task IoError_NotNoSpace_ChangesNothing()
    {
        await _h.Monitor.CheckAsync(0, CancellationToken.None);

        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", """{"node-name":"prot0","nospace":false,"action":"stop","reason":"Input/output error"}"""));

        Assert.Equal(DriveState.Set, _h.Monitor.State);
        Assert.Equal(new VmRunSnapshot("unknown", false, 0, 0), _run.Snapshot());
    }

    [Fact]
    public void IoError_NoSpaceStopOnAnUnknownNode_StillCountsThePause()
    {
        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", """{"node-name":"other","nospace":true,"action":"stop","reason":"No space left on device"}"""));

        Assert.Equal(new VmRunSnapshot("unknown", true, 1, 0), _run.Snapshot());
        Assert.Equal(DriveState.Unset, _h.Monitor.State);
    }

    [Fact]
    public async Task RunStateEvents_SetTheStatus_AndResumeEndsTheNoSpacePause()
    {
        _dispatcher.Dispatch(Event("BLOCK_IO_ERROR", """{"node-name":"other","nospace":true,"action":"stop","reason":"No space left on device"}"""));
        var events = Channel.CreateUnbounded<QmpEvent>();
        events.Writer.TryWrite(Event("STOP", "{}"));
        events.Writer.TryWrite(Event("RESUME", "{}"));
        events.Writer.TryWrite(Event("RESUME", "{}"));
        events.Writer.TryWrite(Event("SHUTDOWN", "{}"));
        events.Writer.TryWrite(Event("SOMETHING_ELSE", "{}"));
        events.Writer.Complete();

        await _dispatcher.PumpAsync(events.Reader, CancellationToken.None);

        Assert.Equal(new VmRunSnapshot("shutdown", false, 1, 1), _run.Snapshot());
    }

    public async ValueTask DisposeAsync()
    {
        await _h.DisposeAsync();
        _meters.Dispose();
    }

    private static QmpEvent Event(string name, string data)
    {
        using var document = JsonDocument.Parse(data);
        return new QmpEvent(name, document.RootElement.Clone(), DateTimeOffset.UnixEpoch);
    }
}
