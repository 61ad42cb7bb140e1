using System.Diagnostics;
using System.Globalization;
using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using LvExtend.Bench.Lvm;
using LvExtend.Bench.Measurement;
using LvExtend.Bench.Simulation;
using LvExtend.Lvm;
using LvExtend.TestSupport;
using Microsoft.Extensions.Logging;

namespace LvExtend.Bench.Idle;

/// <summary>
/// The agent's idle cost: a real Hsm.Agent process (shipped defaults, QMP directory source, loop activation) watching
/// one real qemu (TCG) VM with <c>--idle-agent-drives</c> qcow2 drives, each on its own LV of the bench's VG. The VM
/// runs with no kernel (the firmware finds nothing to boot and waits), so no drive is written: what the agent does
/// then is its idle work (the safety re-check of armed drives, the VM directory rescan, timers, telemetry). After the
/// agent reports every drive monitored and a settling time (its start-up excluded), its CPU over the idle windows, per
/// window (<see cref="IdleWindows"/>: the median of several, per thread name from schedstat), and its start-up cost
/// (time and CPU until every drive is monitored). <c>LVX_AGENT_IDLE_VARIANTS</c> (<see cref="IdleVariants"/>)
/// measures several agents in turn against the same VM, each with those environment variables added:
/// back-to-back comparisons, one line each in the progress output and in the report's variants.
/// </summary>
internal sealed class AgentIdlePart(BenchSettings settings, BenchVolumeGroup vg, Guid domainId, ILoggerFactory loggerFactory, TextWriter progress)
{
    private const long Mib = 1L << 20;
    private const long LvMib = 3072;
    private const long CapacityMib = 10240;
    private const string VmName = "idle-vm";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    public async Task<AgentIdleReport> ExecuteAsync(string runDirectory, CancellationToken cancellationToken)
    {
        var drives = settings.IdleAgentDrives;
        var vmDirectory = Path.Combine(runDirectory, "vms");
        var deviceRoot = Path.Combine(runDirectory, "dev");
        var backing = Path.Combine(runDirectory, "backing");
        Directory.CreateDirectory(vmDirectory);
        var inbox = Path.Combine(runDirectory, "inbox");
        var outbox = Path.Combine(runDirectory, "outbox");
        LoadRun.CreateMailboxFile(inbox, 1);
        LoadRun.CreateMailboxFile(outbox, 1);
        var agentOptions = new AgentOptions { HostId = 1, DeviceRoot = deviceRoot, Domains = { [vg.Name] = domainId } };
        var activationOptions = new ActivationOptions { Backend = ActivationBackend.Loop, Devices = [.. vg.Devices], LoopBackingDirectory = backing };
        using var activator = new LoopVolumeActivator(
            Microsoft.Extensions.Options.Options.Create(activationOptions), Microsoft.Extensions.Options.Options.Create(agentOptions),
            new CommandRunner(TimeProvider.System), loggerFactory.CreateLogger<LoopVolumeActivator>());
        var lvs = new List<string>();
        ManagedProcess? qemu = null;
        ManagedProcess? agent = null;
        try
        {
            var qemuArgs = new List<string>
            {
                "-accel", "tcg", "-m", "64", "-nodefaults", "-no-user-config", "-vga", "none", "-display", "none", "-nic", "none",
                "-serial", "none", "-monitor", "none",
                "-qmp", $"unix:{Path.Combine(vmDirectory, VmName + ".qmp")},server=on,wait=off",
            };
            for (var i = 0; i < drives; i++)
            {
                var lv = Guid.NewGuid().ToString();
                await vg.CreateLvAsync(lv, LvMib, [F($"lvx_capacity_mib={CapacityMib}")], cancellationToken);
                lvs.Add(lv);
                var path = await activator.ActivateAsync(vg.Name, lv, cancellationToken);
                Qcow2.Create(path, CapacityMib * Mib);
                qemuArgs.AddRange(
                [
                    "-drive", F($"file={path},format=qcow2,if=none,id=d{i},node-name=fmt{i},file.node-name=prot{i},werror=enospc,rerror=stop,cache=none,aio=threads"),
                    "-device", F($"virtio-blk-pci,drive=d{i},id=vd{i}"),
                ]);
            }

            qemu = ManagedProcess.Start("qemu-system-x86_64", qemuArgs, new ManagedProcessOptions { Name = "qemu-idle" });
            var environment = new Dictionary<string, string?>
            {
                ["Agent__HostId"] = "1",
                ["Agent__PoolId"] = Guid.NewGuid().ToString(),
                ["Agent__InboxPath"] = inbox,
                ["Agent__OutboxPath"] = outbox,
                ["Agent__VmDirectory"] = vmDirectory,
                ["Agent__DeviceRoot"] = deviceRoot,
                [$"Agent__Domains__{vg.Name}"] = domainId.ToString(),
                ["Agent__ListenUrl"] = "http://127.0.0.1:0",
                ["Agent__MetricsListenUrl"] = "",
                ["Agent__Activation__Backend"] = "Loop",
                ["Agent__Activation__LoopBackingDirectory"] = backing,
                ["DOTNET_gcServer"] = null,
            };
            for (var i = 0; i < vg.Devices.Count; i++)
            {
                environment[F($"Agent__Activation__Devices__{i}")] = vg.Devices[i];
            }

            AgentIdleReport? report = null;
            var variants = new List<IdleVariantResult>();
            foreach (var variant in IdleVariants.Read(IdleVariants.Agent))
            {
                var variantEnvironment = new Dictionary<string, string?>(environment);
                foreach (var (key, value) in variant.Variables)
                {
                    variantEnvironment[key] = value;
                }

                var started = Stopwatch.GetTimestamp();
                agent = DotnetApp.Start("Hsm.Agent", [], new ManagedProcessOptions { Environment = variantEnvironment, WorkingDirectory = runDirectory, Name = "agent-idle" });
                var (measured, result) = await MeasureAsync(agent, qemu, drives, started, variant, cancellationToken);
                report = measured;
                variants.Add(result);
                agent.Signal(ProcessSignal.Terminate);
                await agent.DisposeAsync();
                agent = null;
            }

            report = report! with { Variants = variants };
            return report!;
        }
        finally
        {
            if (agent is not null)
            {
                agent.Signal(ProcessSignal.Terminate);
                await agent.DisposeAsync();
            }

            if (qemu is not null)
            {
                await qemu.DisposeAsync();
            }

            foreach (var lv in lvs)
            {
                try
                {
                    await activator.DeactivateAsync(vg.Name, lv, CancellationToken.None);
                }
                catch (VolumeActivationException)
                {
                    // Best effort: bench.sh detaches every loop device backed by its work directory.
                }
            }
        }
    }

    private async Task<(AgentIdleReport Report, IdleVariantResult Variant)> MeasureAsync(
        ManagedProcess agent, ManagedProcess qemu, int drives, long started, IdleVariant variant, CancellationToken cancellationToken)
    {
        await agent.WaitForLineAsync(F($"connected, {drives} pool drive(s)"), ReadyTimeout, cancellationToken: cancellationToken);
        var ready = ProcessStats.Read(agent.Id);
        var startSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress.WriteLine(F($"[idle] [{variant.Name}] agent pid {agent.Id} monitors {drives} drives of one running VM (qemu pid {qemu.Id}) {startSeconds:0.00} s after its start, {ready.OwnCpu.TotalSeconds:0.00} s CPU; settling {settings.IdleAgentSettle.TotalSeconds:0} s, measuring {settings.IdleWindows} x {settings.IdleDuration.TotalSeconds:0} s; load {ProcessStats.LoadAverage()}"));
        await Task.Delay(settings.IdleAgentSettle, cancellationToken);
        var loadBefore = ProcessStats.LoadAverage();
        var qemuStart = ProcessStats.Read(qemu.Id);
        var sample = await IdleWindows.MeasureAsync(agent.Id, settings.IdleWindows, settings.IdleDuration, cancellationToken);
        var qemuEnd = ProcessStats.Read(qemu.Id);
        var seconds = sample.Seconds;
        var result = new IdleVariantResult(
            variant.Name, [.. variant.Variables.Select(v => v.Key + "=" + v.Value)], loadBefore, ProcessStats.LoadAverage(), sample.Cpu, sample.TicksPercent, sample.Threads);
        progress.WriteLine(F($"[idle] [{variant.Name}] agent CPU median {sample.Cpu.Median:0.000} % (min {sample.Cpu.Min:0.000}, max {sample.Cpu.Max:0.000}; windows {IdlePhase.Windows(sample.Cpu)}; utime+stime {sample.TicksPercent:0.000}) over {seconds:0.0} s (threads {sample.Threads.Sum(t => t.CpuPercent):0.000} %: ")
            + IdlePhase.DescribeRuns(sample.Threads) + F($"); load {loadBefore} -> {result.LoadAfter}"));
        var problems = agent.Lines.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)).Take(5).ToList();
        var report = new AgentIdleReport(
            drives, seconds, sample.Cpu.Median, sample.Cpu, sample.Threads, 100 * (qemuEnd.OwnCpu - qemuStart.OwnCpu).TotalSeconds / seconds,
            sample.End.RssBytes / 1048576.0, problems, startSeconds, ready.OwnCpu.TotalSeconds, []);
        return (report, result);
    }

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
