namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// The manifest's optional <c>coordination:</c> section: a Redis server every shard worker shares its rate limits
/// and budget through. Without it, each of N shards takes 1/N of the limits and the budget.
/// </summary>
/// <param name="Redis">The server, <c>redis://host:port</c> (or <c>rediss://</c> for TLS).</param>
/// <param name="KeyPrefix">Prefix of every key written (default <c>seedream</c>); the budget's scope within it is the pipeline name.</param>
/// <param name="LeaseSeconds">How long a worker's lease on its shard outlives its last heartbeat (default 30).</param>
public sealed record CoordinationSpec(Uri Redis, string KeyPrefix, int LeaseSeconds)
{
    public const string DefaultKeyPrefix = "seedream";

    public const int DefaultLeaseSeconds = 30;
}
