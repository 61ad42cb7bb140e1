using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using LvExtend.Admin.V1;
using Policy = LvExtend.Admin.V1.Policy;

namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>
/// A client of the Admin service over a real HTTP/2 channel. Spm.Coordinator compiles admin.proto with
/// server stubs only, so the unary methods are declared here from the same generated messages.
/// </summary>
internal sealed class AdminTestClient : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);

    private readonly GrpcChannel _channel;

    public AdminTestClient(Uri address)
    {
        _channel = GrpcChannel.ForAddress(address);
        Health = new Health.HealthClient(_channel);
    }

    /// <summary>grpc.health.v1 on the same channel.</summary>
    public Health.HealthClient Health { get; }

    public Task<GetStatusResponse> GetStatusAsync(string? token = null) => CallAsync<GetStatusRequest, GetStatusResponse>("GetStatus", new(), token);

    public Task<ListHostsResponse> ListHostsAsync(string? token = null) => CallAsync<ListHostsRequest, ListHostsResponse>("ListHosts", new(), token);

    public Task<ListRequestsResponse> ListRequestsAsync(ListRequestsRequest request, string? token = null) =>
        CallAsync<ListRequestsRequest, ListRequestsResponse>("ListRequests", request, token);

    public Task<GetHistoryResponse> GetHistoryAsync(GetHistoryRequest request, string? token = null) =>
        CallAsync<GetHistoryRequest, GetHistoryResponse>("GetHistory", request, token);

    public Task<ExtendVolumeResponse> ExtendVolumeAsync(ExtendVolumeRequest request, string? token) =>
        CallAsync<ExtendVolumeRequest, ExtendVolumeResponse>("ExtendVolume", request, token);

    public Task<AddPhysicalVolumeResponse> AddPhysicalVolumeAsync(AddPhysicalVolumeRequest request, string? token) =>
        CallAsync<AddPhysicalVolumeRequest, AddPhysicalVolumeResponse>("AddPhysicalVolume", request, token);

    public Task<Policy> GetPolicyAsync(string? token = null) => CallAsync<GetPolicyRequest, Policy>("GetPolicy", new(), token);

    public Task<Policy> SetPolicyAsync(SetPolicyRequest request, string? token) => CallAsync<SetPolicyRequest, Policy>("SetPolicy", request, token);

    public Task<StepDownResponse> StepDownAsync(string? token) => CallAsync<StepDownRequest, StepDownResponse>("StepDown", new(), token);

    public void Dispose() => _channel.Dispose();

    private async Task<TResponse> CallAsync<TRequest, TResponse>(string name, TRequest request, string? token)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var method = new Method<TRequest, TResponse>(
            MethodType.Unary,
            "lvextend.admin.v1.Admin",
            name,
            Marshallers.Create(m => m.ToByteArray(), new MessageParser<TRequest>(() => new TRequest()).ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), new MessageParser<TResponse>(() => new TResponse()).ParseFrom));
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token);
        }

        return await _channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow + Deadline), request);
    }
}
