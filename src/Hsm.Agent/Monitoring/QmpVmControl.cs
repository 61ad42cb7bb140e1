using Hsm.Agent.Qmp;

namespace Hsm.Agent.Monitoring;

/// <summary><see cref="IVmControl"/> over a live QMP connection.</summary>
internal sealed class QmpVmControl(string vmName, QmpClient client) : IVmControl
{
    public string VmName => vmName;

    public Task SetWriteThresholdAsync(string nodeName, long threshold, CancellationToken cancellationToken) =>
        client.SetWriteThresholdAsync(nodeName, threshold, cancellationToken);

    public async Task<bool> ResumeIfPausedByIoErrorAsync(CancellationToken cancellationToken)
    {
        var status = await client.QueryStatusAsync(cancellationToken);
        if (!status.IsIoError)
        {
            return false;
        }

        await client.ContAsync(cancellationToken);
        return true;
    }
}
