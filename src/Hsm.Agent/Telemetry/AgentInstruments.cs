using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hsm.Agent.Extension;

namespace Hsm.Agent.Telemetry;

/// <summary>The agent's metrics (meter <see cref="AgentTelemetry.Name"/>).</summary>
internal sealed class AgentInstruments
{
    private readonly Histogram<double> _extendDuration;
    private readonly Counter<long> _extensions;
    private readonly Counter<long> _pauses;
    private readonly Counter<long> _resumes;
    private readonly Counter<long> _improbable;
    private long _pending;

    public AgentInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(AgentTelemetry.Name);
        _extendDuration = meter.CreateHistogram<double>("lvextend.agent.extend.duration", "s",
            "Extension phases: wait (event to request), mailbox (round trip), refresh, total (event to re-armed and resumed).");
        _extensions = meter.CreateCounter<long>("lvextend.agent.extend.attempts", "{attempt}", "Extension attempts by result.");
        _pauses = meter.CreateCounter<long>("lvextend.agent.vm.pauses", "{pause}", "VMs stopped on ENOSPC.");
        _resumes = meter.CreateCounter<long>("lvextend.agent.vm.resumes", "{resume}", "VMs resumed by the agent after an extension.");
        _improbable = meter.CreateCounter<long>("lvextend.agent.watermark.improbable", "{event}", "Watermarks beyond the next size (not extended).");
        meter.CreateObservableGauge("lvextend.agent.extend.pending", () => Interlocked.Read(ref _pending), "{request}",
            "Extension requests sent and not answered yet.");
    }

    /// <summary>Requests sent and not answered.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void RequestSent() => Interlocked.Increment(ref _pending);

    public void RequestDone() => Interlocked.Decrement(ref _pending);

    public void AttemptFinished(bool succeeded)
    {
        if (_extensions.Enabled)
        {
            _extensions.Add(1, new KeyValuePair<string, object?>("result", succeeded ? "success" : "failure"));
        }
    }

    public void Completed(ExtensionPhases phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (!_extendDuration.Enabled)
        {
            return;
        }

        Record("wait", phases.Wait);
        Record("mailbox", phases.Mailbox);
        Record("refresh", phases.Refresh);
        Record("total", phases.Total);
    }

    public void Paused() => _pauses.Add(1);

    public void Resumed() => _resumes.Add(1);

    public void Improbable() => _improbable.Add(1);

    private void Record(string phase, TimeSpan value)
    {
        var tags = new TagList { { "phase", phase } };
        _extendDuration.Record(value.TotalSeconds, tags);
    }
}
