using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.Coordination;

namespace SeedreamBatch.Engine.Tests.Coordination;

/// <summary>One real redis-server for a test class; each test takes its own key prefix.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public CoordinationSpec Spec(int leaseSeconds = 30) => new(Server.Uri, "t" + Guid.NewGuid().ToString("N")[..8], leaseSeconds);

    public async Task<RedisCoordinator> ConnectAsync(CoordinationSpec spec, string shard, TimeProvider time, TimeProvider? clock = null)
    {
        var (coordinator, error) = await RedisCoordinator.ConnectAsync(spec, "pipeline", shard, time, clock);
        Assert.True(coordinator is not null, error);
        return coordinator;
    }
}
