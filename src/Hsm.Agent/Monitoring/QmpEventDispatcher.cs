using System.Threading.Channels;
using Hsm.Agent.Qmp;
using Hsm.Agent.Telemetry;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// Routes the events of one QMP connection: BLOCK_WRITE_THRESHOLD and BLOCK_IO_ERROR (nospace) to the
/// <see cref="DriveMonitor"/> of the node they name, STOP / RESUME / SHUTDOWN to the VM's
/// <see cref="VmRunState"/>. An event for a node that is not monitored is logged and dropped.
/// </summary>
internal sealed partial class QmpEventDispatcher(
    string vmName,
    IReadOnlyList<DriveMonitor> drives,
    VmRunState runState,
    AgentInstruments instruments,
    ILogger logger,
    CheckSignal? checkNeeded = null)
{
    /// <summary>Dispatches every event until the connection's event stream completes or the token is cancelled.</summary>
    public async Task PumpAsync(ChannelReader<QmpEvent> events, CancellationToken cancellationToken)
    {
        await foreach (var qmpEvent in events.ReadAllAsync(cancellationToken))
        {
            Dispatch(qmpEvent);
        }
    }

    /// <summary>Routes one event; events the agent does not act on are ignored.</summary>
    public void Dispatch(QmpEvent qmpEvent)
    {
        ArgumentNullException.ThrowIfNull(qmpEvent);
        switch (qmpEvent.Name)
        {
            case "BLOCK_WRITE_THRESHOLD":
                OnWriteThreshold(qmpEvent);
                break;
            case "BLOCK_IO_ERROR":
                OnIoError(qmpEvent);
                break;
            case "STOP":
                runState.SetRunStatus("paused", resumed: false);
                break;
            case "RESUME":
                runState.SetRunStatus("running", resumed: true);
                break;
            case "SHUTDOWN":
                runState.SetRunStatus("shutdown", resumed: false);
                break;
            default:
                break;
        }
    }

    private void OnWriteThreshold(QmpEvent qmpEvent)
    {
        var node = qmpEvent.GetString("node-name");
        var drive = drives.FirstOrDefault(d => d.Drive.ProtocolNode == node);
        if (drive is null)
        {
            Log.UnknownNodeEvent(logger, vmName, qmpEvent.Name, node ?? "?");
            return;
        }

        drive.OnWriteThresholdEvent(qmpEvent.GetInt64("write-threshold") ?? 0, qmpEvent.GetInt64("amount-exceeded") ?? 0);
    }

    private void OnIoError(QmpEvent qmpEvent)
    {
        var node = qmpEvent.GetString("node-name");
        var device = qmpEvent.GetString("device");
        var nospace = qmpEvent.GetBoolean("nospace");
        var action = qmpEvent.GetString("action");
        var reason = qmpEvent.GetString("reason") ?? string.Empty;
        Log.IoError(logger, vmName, node ?? device ?? "?", nospace, action ?? "?", reason);
        if (!nospace)
        {
            return;
        }

        if (string.Equals(action, "stop", StringComparison.Ordinal) && runState.PausedOnNoSpace())
        {
            instruments.Paused();
            // Paused on ENOSPC: the VM's drives are checked at every check until it resumes.
            checkNeeded?.Set();
        }

        var drive = drives.FirstOrDefault(d =>
            (node is { Length: > 0 } && (d.Drive.FormatNode == node || d.Drive.ProtocolNode == node)) ||
            (device is { Length: > 0 } && d.Drive.DriveName == device));
        if (drive is null)
        {
            Log.UnknownNodeEvent(logger, vmName, qmpEvent.Name, node ?? device ?? "?");
            return;
        }

        drive.OnNoSpace();
    }
}
