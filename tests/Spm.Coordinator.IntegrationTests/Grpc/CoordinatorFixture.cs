namespace Spm.Coordinator.IntegrationTests.Grpc;

/// <summary>One <see cref="CoordinatorUnderTest"/> shared by the gRPC and lvx test classes (collection "grpc").</summary>
public sealed class CoordinatorFixture : IAsyncLifetime
{
    private CoordinatorUnderTest? _coordinator;

    internal CoordinatorUnderTest Coordinator => _coordinator ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync() => _coordinator = await CoordinatorUnderTest.StartAsync();

    public async Task DisposeAsync()
    {
        if (_coordinator is not null)
        {
            await _coordinator.DisposeAsync();
        }
    }
}
