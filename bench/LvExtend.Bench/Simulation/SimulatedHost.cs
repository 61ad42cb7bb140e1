using Microsoft.Extensions.Logging;
using Shared.Mailbox;

namespace LvExtend.Bench.Simulation;

/// <summary>A SIMULATED host: one real <see cref="HostMailbox"/> (its own host id, direct I/O) and its volumes.</summary>
internal sealed class SimulatedHost : IAsyncDisposable
{
    private readonly List<SimulatedVolume> _volumes = [];

    private SimulatedHost(HostMailbox mailbox, int hostId)
    {
        Mailbox = mailbox;
        HostId = hostId;
    }

    public int HostId { get; }

    public HostMailbox Mailbox { get; }

    public IReadOnlyList<SimulatedVolume> Volumes => _volumes;

    /// <summary>Opens the host's mailbox role on the run's inbox and outbox.</summary>
    public static async Task<SimulatedHost> StartAsync(
        int hostId, string inbox, string outbox, TimeSpan pollInterval, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var options = new HostMailboxOptions
        {
            InboxPath = inbox,
            OutboxPath = outbox,
            HostId = hostId,
            PollInterval = pollInterval,
            IoMode = MailboxIoMode.Direct,
        };
        var mailbox = new HostMailbox(options, TimeProvider.System, loggerFactory.CreateLogger<HostMailbox>());
        try
        {
            await mailbox.StartAsync(cancellationToken);
        }
        catch
        {
            await mailbox.DisposeAsync();
            throw;
        }

        return new SimulatedHost(mailbox, hostId);
    }

    /// <summary>Adds a volume served through this host's mailbox.</summary>
    public SimulatedVolume AddVolume(Guid volumeId, SimulationContext context)
    {
        var volume = new SimulatedVolume(volumeId, HostId, Mailbox, context);
        _volumes.Add(volume);
        return volume;
    }

    /// <summary>Stops the mailbox role (zeroes the host's block).</summary>
    public ValueTask DisposeAsync() => Mailbox.DisposeAsync();
}
