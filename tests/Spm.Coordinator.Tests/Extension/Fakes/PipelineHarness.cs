using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Shared.Mailbox;
using Spm.Coordinator.Admin;
using Spm.Coordinator.Extension;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Options;
using Spm.Coordinator.Policies;
using Spm.Coordinator.Store;
using Spm.Coordinator.Telemetry;

namespace Spm.Coordinator.Tests.Extension.Fakes;

/// <summary>One VG's pipeline on in-memory fakes of the LVM and store ports, a fake clock and a live term.</summary>
internal sealed class PipelineHarness : IDisposable
{
    public static readonly Guid DomainId = Guid.Parse("7a1c0f3e-5b7d-4a49-9d0e-3f5f0a1b2c3d");
    public const string VgName = "vg-test";
    public const long Mib = 1024 * 1024;

    private readonly ServiceProvider _provider;

    public PipelineHarness(long extents = 256, IPhysicalVolumeInspector? inspector = null, Action<CoordinatorOptions>? configure = null)
    {
        var options = new CoordinatorOptions { PoolId = "pool-test" };
        var domain = new DomainOptions { DomainId = DomainId, VgName = VgName, MaxVolumeSizeMib = 1024 * 1024 };
        domain.PhysicalVolumes.Add("/dev/fake0");
        options.Domains.Add(domain);
        configure?.Invoke(options);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Lvm = new FakeLvm(Journal, VgName, extents);
        Vdsm = new FakeVdsmSource(Journal, Lvm);
        Requests = new InMemoryRequestStore(Journal);
        DomainStore = new InMemoryDomainStore(Journal);
        Replies = new RecordingReplySink(Journal);
        _provider = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var policy = new PolicyService(wrapped, new NoPolicyStore(), NullLogger<PolicyService>.Instance);
        Services = new ExtendServices(
            wrapped, Requests, DomainStore, new DomainRegistry(wrapped), Lvm, new HostLimiter(policy, Time), policy,
            new CoordinatorInstruments(_provider.GetRequiredService<IMeterFactory>()), Time, NullLoggerFactory.Instance,
            inspector is null ? [] : [inspector], Vdsm);
        Term = new LeaderTerm(new LeaseFence("pool-test", "c1", 7), Time.GetTimestamp(), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5), Time);
        State = new VolumeGroupState(Services.Domains.All[0], Lvm, Services.Domains, Services.Instruments, Time, NullLogger.Instance, Vdsm);
        var recorder = new FencedRecorder(Term, Requests, DomainStore, Time, NullLogger.Instance);
        var lvm = new LeasedLvm(Term, Lvm, State, TimeSpan.FromSeconds(20), NullLogger.Instance);
        Pipeline = new ExtendPipeline(Term, State, recorder, lvm, Replies, Services, NullLogger.Instance);
        Adder = new PhysicalVolumeAdder(Term, State, recorder, lvm, Services, NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public Journal Journal { get; } = new();

    public FakeLvm Lvm { get; }

    /// <summary>vdsm's metadata of the fake VG (used when the VG carries MDT_VERSION=4|5).</summary>
    public FakeVdsmSource Vdsm { get; }

    public InMemoryRequestStore Requests { get; }

    public InMemoryDomainStore DomainStore { get; }

    public RecordingReplySink Replies { get; }

    public ExtendServices Services { get; }

    public LeaderTerm Term { get; }

    public VolumeGroupState State { get; }

    public ExtendPipeline Pipeline { get; }

    public PhysicalVolumeAdder Adder { get; }

    /// <summary>Reads the VG and its LVs as a worker does at the start of the term.</summary>
    public async Task WarmAsync()
    {
        await State.RefreshVgAsync(CancellationToken.None);
        await State.RefreshLvsAsync(CancellationToken.None);
    }

    /// <summary>A decoded extend request from a host's slot (payload as the host would write it).</summary>
    public static MailboxRequest Request(int hostId, int slot, Guid volume, ulong sizeMib, Guid? domain = null)
    {
        var message = new ExtendMessage(domain ?? DomainId, volume, sizeMib);
        var payload = new byte[MailboxLayout.MessageSize];
        MailboxCodec.EncodeExtend(message, payload);
        return new MailboxRequest(new MessageId(hostId, slot), MailboxMessageKind.Extend, message, payload, DateTimeOffset.UnixEpoch);
    }

    public static MailboxRequest Unknown(int hostId, int slot)
    {
        var payload = new byte[MailboxLayout.MessageSize];
        "9zzzz"u8.CopyTo(payload);
        return new MailboxRequest(new MessageId(hostId, slot), MailboxMessageKind.Unknown, null, payload, DateTimeOffset.UnixEpoch);
    }

    public void Dispose()
    {
        Term.Dispose();
        Services.Policy.Dispose();
        _provider.Dispose();
    }

    private sealed class NoPolicyStore : IPolicyStore
    {
        public Task<StoredPolicy?> ReadAsync(string poolId, CancellationToken cancellationToken) => Task.FromResult<StoredPolicy?>(null);

        public Task<bool> WriteAsync(LeaseFence fence, string settingsJson, CancellationToken cancellationToken) => Task.FromResult(true);
    }
}
