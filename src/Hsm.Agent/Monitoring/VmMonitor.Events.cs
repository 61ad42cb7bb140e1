using Hsm.Agent.Qmp;

namespace Hsm.Agent.Monitoring;

internal sealed partial class VmMonitor
{
    private async Task PumpEventsAsync(QmpClient client, List<DriveMonitor> drives, CancellationToken cancellationToken)
    {
        await foreach (var qmpEvent in client.Events.ReadAllAsync(cancellationToken))
        {
            switch (qmpEvent.Name)
            {
                case "BLOCK_WRITE_THRESHOLD":
                    OnWriteThreshold(qmpEvent, drives);
                    break;
                case "BLOCK_IO_ERROR":
                    OnIoError(qmpEvent, drives);
                    break;
                case "STOP":
                    SetRunStatus("paused", resumed: false);
                    break;
                case "RESUME":
                    SetRunStatus("running", resumed: true);
                    break;
                case "SHUTDOWN":
                    SetRunStatus("shutdown", resumed: false);
                    break;
                default:
                    break;
            }
        }
    }

    private void OnWriteThreshold(QmpEvent qmpEvent, List<DriveMonitor> drives)
    {
        var node = qmpEvent.GetString("node-name");
        var drive = drives.FirstOrDefault(d => d.Drive.ProtocolNode == node);
        if (drive is null)
        {
            Log.UnknownNodeEvent(_logger, Name, qmpEvent.Name, node ?? "?");
            return;
        }

        drive.OnWriteThresholdEvent(qmpEvent.GetInt64("write-threshold") ?? 0, qmpEvent.GetInt64("amount-exceeded") ?? 0);
    }

    private void OnIoError(QmpEvent qmpEvent, List<DriveMonitor> drives)
    {
        var node = qmpEvent.GetString("node-name");
        var device = qmpEvent.GetString("device");
        var nospace = qmpEvent.GetBoolean("nospace");
        var action = qmpEvent.GetString("action");
        var reason = qmpEvent.GetString("reason") ?? string.Empty;
        Log.IoError(_logger, Name, node ?? device ?? "?", nospace, action ?? "?", reason);
        if (!nospace)
        {
            return;
        }

        if (string.Equals(action, "stop", StringComparison.Ordinal))
        {
            var counted = false;
            lock (_lock)
            {
                if (!_pausedOnNoSpace)
                {
                    _pausedOnNoSpace = true;
                    _pauses++;
                    counted = true;
                }
            }

            if (counted)
            {
                _context.Instruments.Paused();
            }
        }

        var drive = drives.FirstOrDefault(d =>
            (node is { Length: > 0 } && (d.Drive.FormatNode == node || d.Drive.ProtocolNode == node)) ||
            (device is { Length: > 0 } && d.Drive.DriveName == device));
        if (drive is null)
        {
            Log.UnknownNodeEvent(_logger, Name, qmpEvent.Name, node ?? device ?? "?");
            return;
        }

        drive.OnNoSpace();
    }

    private void SetRunStatus(string status, bool resumed)
    {
        lock (_lock)
        {
            _runStatus = status;
            if (resumed)
            {
                if (_pausedOnNoSpace)
                {
                    _resumes++;
                }

                _pausedOnNoSpace = false;
            }
        }
    }
}
