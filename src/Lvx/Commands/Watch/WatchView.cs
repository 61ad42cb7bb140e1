using Grpc.Core;
using Grpc.Net.Client;
using LvExtend.Admin.V1;
using AgentStatusClient = LvExtend.Agent.V1.AgentStatus.AgentStatusClient;
using AgentStatusRequest = LvExtend.Agent.V1.GetStatusRequest;
using AgentStatusResponse = LvExtend.Agent.V1.GetStatusResponse;

namespace Lvx.Commands.Watch;

/// <summary>
/// Polls every coordinator and agent for one <see cref="WatchSnapshot"/> (drawn by <see cref="WatchScreen"/>):
/// the coordinators' roles, the VMs' disks (watermark, LV size, extensions, pauses, guest progress) and the demo's events.
/// </summary>
internal sealed class WatchView : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMilliseconds(800);
    private readonly List<(string Address, GrpcChannel Channel)> _coordinators;
    private readonly List<(string Address, GrpcChannel Channel)> _agents;
    private readonly string? _eventsFile;
    private readonly string? _consoles;
    private readonly Metadata _headers = [];

    public WatchView(IEnumerable<string> coordinators, IEnumerable<string> agents, string? eventsFile, string? consoles, string? token)
    {
        if (!string.IsNullOrWhiteSpace(token))
        {
            _headers.Add("authorization", $"Bearer {token.Trim()}");
        }

        _coordinators = [.. coordinators.Select(a => (a, GrpcChannel.ForAddress(a)))];
        _agents = [.. agents.Select(a => (a, GrpcChannel.ForAddress(a)))];
        _eventsFile = eventsFile;
        _consoles = consoles;
    }

    /// <summary>Asks everyone for their status, concurrently, each call bounded by a short deadline.</summary>
    public async Task<WatchSnapshot> PollAsync(CancellationToken cancellationToken)
    {
        var coordinatorCalls = _coordinators.Select(async c =>
        {
            try
            {
                var status = await new Admin.AdminClient(c.Channel).GetStatusAsync(
                    new GetStatusRequest(), _headers, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                return (c.Address, (GetStatusResponse?)status, (string?)null);
            }
            catch (RpcException ex)
            {
                return (c.Address, null, Describe(ex));
            }
        }).ToList();
        var agentCalls = _agents.Select(async a =>
        {
            try
            {
                var status = await new AgentStatusClient(a.Channel).GetStatusAsync(
                    new AgentStatusRequest(), deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                return (a.Address, (AgentStatusResponse?)status, (string?)null);
            }
            catch (RpcException ex)
            {
                return (a.Address, null, Describe(ex));
            }
        }).ToList();
        var coordinators = await Task.WhenAll(coordinatorCalls);
        var agents = await Task.WhenAll(agentCalls);
        var extensions = await CountExtensionsAsync(coordinators, agents, cancellationToken);
        var events = _eventsFile is not null && File.Exists(_eventsFile) ? await File.ReadAllLinesAsync(_eventsFile, cancellationToken) : [];
        return new WatchSnapshot(DateTimeOffset.Now, coordinators, agents, extensions, GuestConsole.ReadAll(_consoles), events);
    }

    /// <summary>Done extensions per volume, from the leader's audit (the agents only know their last one).</summary>
    private async Task<IReadOnlyDictionary<string, int>> CountExtensionsAsync(
        (string Address, GetStatusResponse? Status, string? Error)[] coordinators,
        (string Address, AgentStatusResponse? Status, string? Error)[] agents,
        CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var leader = coordinators.FirstOrDefault(c => c.Status?.Role == Role.Leader).Address;
        var channel = _coordinators.FirstOrDefault(c => c.Address == leader).Channel;
        if (channel is null)
        {
            return counts;
        }

        var client = new Admin.AdminClient(channel);
        var volumes = agents.Where(a => a.Status is not null)
            .SelectMany(a => a.Status!.Vms).SelectMany(v => v.Drives).Select(d => d.VolumeId).Distinct();
        foreach (var volume in volumes)
        {
            try
            {
                var reply = await client.ListRequestsAsync(
                    new ListRequestsRequest { Volume = volume, State = RequestState.Done, Limit = 1000 },
                    _headers, deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);
                counts[volume] = reply.Requests.Count;
            }
            catch (RpcException)
            {
                // The leader may be dying (the demo kills it): the next refresh asks the new one.
            }
        }

        return counts;
    }

    public void Dispose()
    {
        foreach (var (_, channel) in _coordinators.Concat(_agents))
        {
            channel.Dispose();
        }
    }

    private static string Describe(RpcException ex) => ex.StatusCode switch
    {
        StatusCode.Unavailable => "unreachable",
        StatusCode.DeadlineExceeded => "no answer",
        _ => ex.StatusCode.ToString(),
    };
}
