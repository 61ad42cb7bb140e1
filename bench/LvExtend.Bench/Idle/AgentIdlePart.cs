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
/// agent reports every drive monitored and a settling time (its start-up excluded), its CPU over the idle window, per
/// thread name (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>: run time in nanoseconds and times scheduled, sampled every
/// second so that short-lived threads are counted too), and its start-up cost (time and CPU until every drive is
/// monitored). <c>LVX_AGENT_IDLE_VARIANTS</c> (<c>name:VAR=value,VAR=value;name2:...</c>) measures several agents
/// in turn against the same VM, each with those environment variables added (e.g. <c>DOTNET_*</c> runtime
/// settings, <c>Agent__*</c> options): back-to-back comparisons, one line each in the progress output; the report
/// holds the last.
/// </summary>
internal sealed class AgentIdlePart(BenchSettings settings, BenchVolumeGroup vg, Guid domainId, ILoggerFactory loggerFactory, TextWriter progress)
{
    private const long Mib = 1L << 20;
    private const long LvMib = 3072;
    private const long CapacityMib = 10240;
    private const string VmName = "idle-vm";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private const string VariantsVariable = "LVX_AGENT_IDLE_VARIANTS";
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

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
            foreach (var (name, variables) in Variants(Environment.GetEnvironmentVariable(VariantsVariable)))
            {
                var variantEnvironment = new Dictionary<string, string?>(environment);
                foreach (var (key, value) in variables)
                {
                    variantEnvironment[key] = value;
                }

                var started = Stopwatch.GetTimestamp();
                agent = DotnetApp.Start("Hsm.Agent", [], new ManagedProcessOptions { Environment = variantEnvironment, WorkingDirectory = runDirectory, Name = "agent-idle" });
                report = await MeasureAsync(agent, qemu, drives, started, name, cancellationToken);
                agent.Signal(ProcessSignal.Terminate);
                await agent.DisposeAsync();
                agent = null;
            }

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

    private async Task<AgentIdleReport> MeasureAsync(ManagedProcess agent, ManagedProcess qemu, int drives, long started, string variant, CancellationToken cancellationToken)
    {
        await agent.WaitForLineAsync(F($"connected, {drives} pool drive(s)"), ReadyTimeout, cancellationToken: cancellationToken);
        var ready = ProcessStats.Read(agent.Id);
        var startSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress.WriteLine(F($"[idle] [{variant}] agent pid {agent.Id} monitors {drives} drives of one running VM (qemu pid {qemu.Id}) {startSeconds:0.00} s after its start, {ready.OwnCpu.TotalSeconds:0.00} s CPU; settling {settings.IdleSettle.TotalSeconds:0} s, measuring {settings.IdleDuration.TotalSeconds:0} s; load {ProcessStats.LoadAverage()}"));
        await Task.Delay(settings.IdleSettle, cancellationToken);
        var start = ProcessStats.Read(agent.Id);
        var qemuStart = ProcessStats.Read(qemu.Id);
        // Threads are sampled every second: one that starts and ends within the window (the runtime's
        // tiered-compilation worker and thread-pool threads come and go) is counted with its last sample.
        var threadsStart = RunTimes(agent.Id);
        var threadsSeen = new Dictionary<int, ThreadRunTime>(threadsStart);
        var windowEnd = Stopwatch.GetTimestamp() + (long)(settings.IdleDuration.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            foreach (var (tid, sample) in RunTimes(agent.Id))
            {
                threadsSeen[tid] = sample;
            }

            var remaining = TimeSpan.FromSeconds((double)(windowEnd - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(remaining < SampleInterval ? remaining : SampleInterval, cancellationToken);
        }

        var end = ProcessStats.Read(agent.Id);
        var qemuEnd = ProcessStats.Read(qemu.Id);
        var seconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds;
        var cpu = 100 * (end.OwnCpu - start.OwnCpu).TotalSeconds / seconds;
        var threads = threadsSeen
            .Select(e => (e.Value.Name, Delta: e.Value - (threadsStart.TryGetValue(e.Key, out var s) ? s : default)))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .Select(g => (Cpu: new ThreadGroupCpu(g.Key, g.Count(), g.Sum(t => t.Delta.Nanoseconds) / 1e7 / seconds), Runs: g.Sum(t => t.Delta.Runs) / seconds))
            .Where(g => g.Cpu.CpuPercent > 0)
            .OrderByDescending(g => g.Cpu.CpuPercent)
            .ToList();
        progress.WriteLine(F($"[idle] [{variant}] agent CPU {cpu:0.000} % over {seconds:0.0} s (threads {threads.Sum(t => t.Cpu.CpuPercent):0.000} %: ")
            + string.Join(", ", threads.Select(t => F($"{t.Cpu.Name} x{t.Cpu.Threads} {t.Cpu.CpuPercent:0.000} % {t.Runs:0.0} runs/s"))) + F($"); load {ProcessStats.LoadAverage()}"));
        var problems = agent.Lines.Where(l => l.Contains(" warn: ", StringComparison.Ordinal) || l.Contains(" fail: ", StringComparison.Ordinal)).Take(5).ToList();
        return new AgentIdleReport(
            drives, seconds, cpu, [.. threads.Select(t => t.Cpu)], 100 * (qemuEnd.OwnCpu - qemuStart.OwnCpu).TotalSeconds / seconds,
            end.RssBytes / 1048576.0, problems, startSeconds, ready.OwnCpu.TotalSeconds);
    }

    /// <summary>The variants of <see cref="VariantsVariable"/>: a name and the environment variables it adds; one plain run when unset.</summary>
    private static List<(string Name, List<(string Key, string Value)> Variables)> Variants(string? value)
    {
        var result = new List<(string, List<(string, string)>)>();
        foreach (var variant in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = variant.IndexOf(':', StringComparison.Ordinal);
            var variables = new List<(string, string)>();
            foreach (var pair in colon < 0 ? [] : variant[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new ArgumentException($"{VariantsVariable}: '{pair}' is not VAR=value");
                }

                variables.Add((pair[..equals], pair[(equals + 1)..]));
            }

            result.Add((colon < 0 ? variant : variant[..colon], variables));
        }

        return result.Count > 0 ? result : [("shipped", [])];
    }

    /// <summary>Each thread's name, run time (ns) and times scheduled now (<c>/proc/&lt;pid&gt;/task/*/schedstat</c>); threads that end meanwhile are skipped.</summary>
    private static Dictionary<int, ThreadRunTime> RunTimes(int pid) =>
        ThreadCpu.PerThread(pid, task =>
        {
            var parts = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
            var name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
            return new ThreadRunTime(name, long.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture));
        });

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A thread's run time and times scheduled, from schedstat.</summary>
    private readonly record struct ThreadRunTime(string Name, long Nanoseconds, long Runs)
    {
        public static ThreadRunTime operator -(ThreadRunTime end, ThreadRunTime start) => new(end.Name, end.Nanoseconds - start.Nanoseconds, end.Runs - start.Runs);
    }
}
