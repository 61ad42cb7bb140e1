namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>The gRPC and lvx tests share one coordinator and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class GrpcTestsDefinition : ICollectionFixture<CoordinatorFixture>
{
    public const string Name = "grpc";
}
