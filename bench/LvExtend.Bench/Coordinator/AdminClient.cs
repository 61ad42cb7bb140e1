using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using LvExtend.Admin.V1;

namespace LvExtend.Bench.Coordinator;

/// <summary>
/// The admin calls the bench makes, over a real HTTP/2 channel, as <c>lvx</c> sends them. Spm.Coordinator compiles
/// admin.proto with server stubs only, so the method is declared here from the same generated messages.
/// </summary>
internal static class AdminClient
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary><c>StepDown</c> (what <c>lvx step-down</c> sends) with the admin token.</summary>
    public static async Task<StepDownResponse> StepDownAsync(Uri address, string token, CancellationToken cancellationToken)
    {
        var method = new Method<StepDownRequest, StepDownResponse>(
            MethodType.Unary,
            "lvextend.admin.v1.Admin",
            "StepDown",
            Marshallers.Create(m => m.ToByteArray(), StepDownRequest.Parser.ParseFrom),
            Marshallers.Create(m => m.ToByteArray(), StepDownResponse.Parser.ParseFrom));
        using var channel = GrpcChannel.ForAddress(address);
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        return await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers, DateTime.UtcNow + Deadline, cancellationToken), new StepDownRequest());
    }
}
