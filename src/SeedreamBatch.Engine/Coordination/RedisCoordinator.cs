using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Engine.Budget;
using StackExchange.Redis;

namespace SeedreamBatch.Engine.Coordination;

/// <summary>
/// One worker's connection to the pipeline's Redis (<c>coordination:</c>): its lease on its shard, the shared
/// limiters and the shared budget. Keys (all under <c>key_prefix</c>):
/// <list type="bullet">
/// <item><c>{prefix}:rate:{provider}:{account}:{images|requests}</c> — one limiter per provider account (account =
/// a hash of base URL and API key, never the key itself), shared by every pipeline using that account;</item>
/// <item><c>{prefix}:budget:{pipeline}:*</c> — the pipeline's spent, held and stop keys;</item>
/// <item><c>{prefix}:lease:{pipeline}:{shard}</c> — which worker runs a shard.</item>
/// </list>
/// </summary>
/// <remarks>
/// Clocks: rate windows use Redis's clock (inside the script); the lease's expiry is Redis's too (PX). Our
/// <see cref="TimeProvider"/> times the heartbeat and every wait, so tests drive them with the fake clock.
/// </remarks>
public sealed class RedisCoordinator : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _redis;
    private readonly TimeProvider _time;
    private readonly TimeProvider? _clock;
    private readonly CoordinationSpec _spec;
    private readonly string _pipelineScope;
    private readonly RedisKey _lease;
    private ITimer? _heartbeat;
    private int _disposed;

    private RedisCoordinator(ConnectionMultiplexer connection, CoordinationSpec spec, string pipeline, string shardName, TimeProvider time, TimeProvider? clock)
    {
        _connection = connection;
        _redis = connection.GetDatabase();
        _spec = spec;
        _time = time;
        _clock = clock;
        ShardName = shardName;
        WorkerId = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");
        _pipelineScope = $"{spec.KeyPrefix}:budget:{pipeline}";
        _lease = $"{spec.KeyPrefix}:lease:{pipeline}:{shardName}";
    }

    public string ShardName { get; }

    public string WorkerId { get; }

    /// <summary>Set when a heartbeat found the lease taken by another worker or Redis unreachable.</summary>
    public string? LeaseProblem { get; private set; }

    /// <summary>Connects, or says in one line why not (no exception): nothing may be paid without the shared limits.</summary>
    /// <param name="clock">Measure rate windows on this clock instead of Redis's (tests only).</param>
    public static async Task<(RedisCoordinator? Coordinator, string? Error)> ConnectAsync(
        CoordinationSpec spec, string pipeline, string shardName, TimeProvider time, TimeProvider? clock = null, TimeSpan? connectTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var options = new ConfigurationOptions
        {
            EndPoints = { { spec.Redis.Host, spec.Redis.IsDefaultPort || spec.Redis.Port < 0 ? 6379 : spec.Redis.Port } },
            Ssl = spec.Redis.Scheme == "rediss",
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            ConnectTimeout = (int)(connectTimeout ?? TimeSpan.FromSeconds(5)).TotalMilliseconds,
            SyncTimeout = 10_000,
            AsyncTimeout = 10_000,
            ClientName = "seedream-batch",
        };
        try
        {
            var connection = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
            var coordinator = new RedisCoordinator(connection, spec, pipeline, shardName, time, clock);
            await coordinator._redis.PingAsync().ConfigureAwait(false);
            return (coordinator, null);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return (null, $"coordination.redis {spec.Redis.Scheme}://{spec.Redis.Authority}: cannot connect ({FirstLine(e.Message)})");
        }
    }

    /// <summary>
    /// Takes this shard's lease, waiting (on the injected clock) while another worker holds it — a dead predecessor's
    /// lapses after <c>lease_seconds</c> — and renews it every third of that from then on.
    /// </summary>
    public async Task AcquireLeaseAsync(Action<string> onWait, CancellationToken cancellationToken)
    {
        var ttl = TimeSpan.FromSeconds(_spec.LeaseSeconds);
        while (true)
        {
            var result = (long)await _redis.ScriptEvaluateAsync(RedisScripts.Lease, [_lease], [WorkerId, (long)ttl.TotalMilliseconds]).ConfigureAwait(false);
            if (result == 1)
            {
                break;
            }

            var left = TimeSpan.FromMilliseconds(Math.Max(100, -result));
            onWait($"{ShardName} is held by another worker; waiting {left.TotalSeconds:0.#} s for its lease to lapse");
            await Task.Delay(left, _time, cancellationToken).ConfigureAwait(false);
        }

        _heartbeat = _time.CreateTimer(_ => _ = RenewAsync(ttl), null, ttl / 3, ttl / 3);
    }

    /// <summary>The shared limiter for <paramref name="quantity"/> (<c>images</c> or <c>requests</c>) of one provider account.</summary>
    public RateLimiter CreateLimiter(string provider, string baseUrl, string apiKey, string quantity, int perMinute, int largestAcquisition) =>
        new RedisSlidingWindowLimiter(_redis, $"{_spec.KeyPrefix}:rate:{provider}:{AccountId(baseUrl, apiKey)}:{quantity}", perMinute, largestAcquisition, _time, _clock);

    /// <summary>The pipeline's shared budget, holding for this worker's shard.</summary>
    public RedisBudget CreateBudget(BudgetOptions limits) => new(_redis, _pipelineScope, ShardName, limits);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync().ConfigureAwait(false);
            try
            {
                await _redis.ScriptEvaluateAsync(RedisScripts.Unlease, [_lease], [WorkerId]).ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // The lease lapses on its own.
            }
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>An account's name in keys: 16 hex digits of SHA-256 over base URL and key, so the key never reaches Redis.</summary>
    internal static string AccountId(string baseUrl, string apiKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(baseUrl.TrimEnd('/') + "\n" + apiKey)))[..16];

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    private async Task RenewAsync(TimeSpan ttl)
    {
        try
        {
            var result = (long)await _redis.ScriptEvaluateAsync(RedisScripts.Lease, [_lease], [WorkerId, (long)ttl.TotalMilliseconds]).ConfigureAwait(false);
            LeaseProblem = result == 1 ? null : $"{ShardName}: another worker took this shard's lease";
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LeaseProblem = $"{ShardName}: cannot renew the lease ({FirstLine(e.Message)})";
        }
    }
}
