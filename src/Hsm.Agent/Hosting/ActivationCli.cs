using Hsm.Agent.Activation;
using Hsm.Agent.Options;
using LvExtend.Lvm;

namespace Hsm.Agent.Hosting;

/// <summary>
/// <c>Hsm.Agent activate|deactivate|refresh VG LV [--Agent:...=...]</c>: runs the configured activation
/// backend once (same configuration sources as the daemon) and exits; used by scripts and the demo to
/// prepare a VM's LV before starting qemu. Prints the device path (activate) or the size (refresh).
/// </summary>
internal static class ActivationCli
{
    private static readonly string[] Verbs = ["activate", "deactivate", "refresh"];

    public static bool Handles(string[] args) => args.Length >= 3 && Verbs.Contains(args[0], StringComparer.Ordinal);

    public static async Task<int> RunAsync(string[] args)
    {
        var (verb, vg, lv) = (args[0], args[1], args[2]);
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile("/etc/lvextend/agent.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args[3..])
            .Build();
        var agent = configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>() ?? new AgentOptions();
        var activation = configuration.GetSection(ActivationOptions.SectionName).Get<ActivationOptions>() ?? new ActivationOptions();
        var validation = new ActivationOptionsValidator().Validate(null, activation);
        if (validation.Failed)
        {
            await Console.Error.WriteLineAsync(validation.FailureMessage);
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var runner = new CommandRunner(TimeProvider.System);
        IVolumeActivator activator = activation.Backend == ActivationBackend.Loop
            ? new LoopVolumeActivator(Microsoft.Extensions.Options.Options.Create(activation), Microsoft.Extensions.Options.Options.Create(agent), runner,
                loggerFactory.CreateLogger<LoopVolumeActivator>())
            : new LvmVolumeActivator(Microsoft.Extensions.Options.Options.Create(activation), Microsoft.Extensions.Options.Options.Create(agent), runner);
        try
        {
            switch (verb)
            {
                case "activate":
                    Console.WriteLine(await activator.ActivateAsync(vg, lv, CancellationToken.None));
                    break;
                case "refresh":
                    Console.WriteLine(await activator.RefreshAsync(vg, lv, CancellationToken.None));
                    break;
                default:
                    await activator.DeactivateAsync(vg, lv, CancellationToken.None);
                    break;
            }

            return 0;
        }
        catch (VolumeActivationException ex)
        {
            await Console.Error.WriteLineAsync($"{verb} {vg}/{lv}: {ex.Message}");
            return 1;
        }
        finally
        {
            (activator as IDisposable)?.Dispose();
        }
    }
}
