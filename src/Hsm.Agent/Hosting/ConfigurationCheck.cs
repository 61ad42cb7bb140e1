using System.Globalization;
using Hsm.Agent.Libvirt.Interop;
using Hsm.Agent.Options;
using LvExtend.Lvm;
using Microsoft.Extensions.Options;
using Shared.Mailbox;

namespace Hsm.Agent.Hosting;

/// <summary>
/// <c>--check-config</c>: the options validation the agent runs at start, then what it needs from its host,
/// checked once without starting anything (no port bound, nothing written): the mailbox devices opened as the
/// host role opens them (the probe of the mailbox health check), <c>lvm version</c> through the shared runner
/// (lvm activation backend), and the VM source (a libvirt connect/close, or the QMP socket directory).
/// Prints one <c>problem: &lt;key&gt;: &lt;what&gt;</c> line per problem, or <c>configuration OK</c>; exit 2 or 0.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>The command-line flag.</summary>
    public const string Flag = "--check-config";

    private static readonly TimeSpan LvmTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Whether <paramref name="args"/> asks for the check; the flag is removed from the returned arguments.</summary>
    public static bool Requested(string[] args, out string[] remaining)
    {
        ArgumentNullException.ThrowIfNull(args);
        remaining = [.. args.Where(a => !string.Equals(a, Flag, StringComparison.Ordinal))];
        return remaining.Length != args.Length;
    }

    /// <summary>Runs the check and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var problems = new List<string>();
        WebApplication app;
        try
        {
            app = AgentApplication.Build(args);
        }
        catch (InvalidOperationException ex)
        {
            // A value that cannot be bound (e.g. Agent:HostId "abc"): nothing else can be checked.
            await Console.Error.WriteLineAsync("problem: " + ex.Message);
            return 2;
        }

        await using (app)
        {
            problems.AddRange(Validate(app.Services));
            if (problems.Count == 0)
            {
                problems.AddRange(await CheckHostAsync(app.Services));
            }
        }

        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync("problem: " + problem);
        }

        if (problems.Count > 0)
        {
            return 2;
        }

        await Console.Out.WriteLineAsync("configuration OK");
        return 0;
    }

    /// <summary>Every ValidateOnStart validation of the agent (the same ones a start runs), one line per failure.</summary>
    public static IReadOnlyList<string> Validate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex)
        {
            return [.. ex.InnerExceptions.SelectMany(e => e is OptionsValidationException o ? o.Failures : [e.Message])];
        }
        catch (InvalidOperationException ex)
        {
            return [ex.Message];
        }
    }

    private static async Task<IReadOnlyList<string>> CheckHostAsync(IServiceProvider services)
    {
        var agent = services.GetRequiredService<IOptions<AgentOptions>>().Value;
        var activation = services.GetRequiredService<IOptions<ActivationOptions>>().Value;
        var problems = new List<string>();

        var hostId = Math.Max(agent.HostId, 0);
        var why = string.Create(CultureInfo.InvariantCulture, $"host {agent.HostId}");
        foreach (var (key, result) in new[]
        {
            ("Agent:InboxPath", MailboxProbe.Check("inbox", agent.InboxPath, agent.MailboxIoMode, writable: true, hostId, why)),
            ("Agent:OutboxPath", MailboxProbe.Check("outbox", agent.OutboxPath, agent.MailboxIoMode, writable: false, hostId, why)),
        })
        {
            if (!result.Usable)
            {
                problems.Add($"{key}: {result.Description}");
            }
        }

        if (activation.Backend == ActivationBackend.Lvm)
        {
            var runner = services.GetRequiredService<ICommandRunner>();
            var lvm = await runner.RunAsync(activation.LvmCommand, ["version"], LvmTimeout, CancellationToken.None);
            if (!lvm.Succeeded)
            {
                problems.Add($"Agent:Activation:LvmCommand: `{activation.LvmCommand} version` failed: {lvm.Describe()}");
            }
        }

        if (agent.VmSource == VmSourceKind.Libvirt)
        {
            var uri = services.GetRequiredService<IOptions<LibvirtOptions>>().Value.Uri;
            if (CheckLibvirt(uri) is { } libvirt)
            {
                problems.Add($"Agent:Libvirt:Uri: {libvirt}");
            }
        }
        else if (!Directory.Exists(agent.VmDirectory))
        {
            problems.Add($"Agent:VmDirectory: the QMP socket directory {agent.VmDirectory} does not exist");
        }

        return problems;
    }

    /// <summary>One virConnectOpen/virConnectClose; null when libvirt answered.</summary>
    private static string? CheckLibvirt(string uri)
    {
        try
        {
            using var handle = LibvirtNative.ConnectOpen(uri);
            return handle.IsInvalid ? $"libvirt at {uri} is not reachable: {LibvirtException.FromLastError("virConnectOpen").Message}" : null;
        }
        catch (DllNotFoundException)
        {
            return "libvirt's client library (libvirt0) is not installed";
        }
    }
}
