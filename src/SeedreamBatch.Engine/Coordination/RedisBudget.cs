using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.State;
using StackExchange.Redis;

namespace SeedreamBatch.Engine.Coordination;

/// <summary>
/// The pipeline's budget in Redis, shared by every worker: reserve before each paid request, settle with the bill,
/// release when the job is known not to have been charged — each one atomic Lua call (<see cref="RedisScripts"/>).
/// A refusal sets a stop key every worker sees on its next reserve. Holds are kept per shard, keyed by job, so a
/// worker restarted after a crash finds its predecessor's and settles or releases each from its own state store
/// (<see cref="ReconcileAsync"/>) — never on a timer: a dead worker's hold may stand for a paid request.
/// </summary>
/// <remarks>No clock: only sums and the stop key. Amounts are integers in micro-dollars.</remarks>
public sealed class RedisBudget : ISharedBudget
{
    private readonly IDatabase _redis;
    private readonly RedisKey[] _keys;
    private readonly long _maxUsdMicros;
    private readonly long _maxImages;
    private volatile string? _broken;

    /// <param name="scope">Key of the budget: prefix and pipeline name.</param>
    /// <param name="shardName">This worker's shard, owner of its holds.</param>
    internal RedisBudget(IDatabase redis, string scope, string shardName, BudgetOptions limits)
    {
        _redis = redis;
        _keys =
        [
            scope + ":spent_usd", scope + ":spent_images", scope + ":reserved_usd", scope + ":reserved_images", scope + ":stop",
            scope + ":held:" + shardName,
        ];
        _maxUsdMicros = limits.MaxCostUsd is { } usd ? MoneyMicros.ToMicros(usd) : -1;
        _maxImages = limits.MaxImages ?? -1;
    }

    public bool TryReserve(string jobKey, decimal costUsd, int images, out string? refusal)
    {
        refusal = _broken;
        if (refusal is not null)
        {
            return false;
        }

        try
        {
            var result = (RedisResult[])_redis.ScriptEvaluate(RedisScripts.Reserve, _keys, [jobKey, MoneyMicros.ToMicros(costUsd), images, _maxUsdMicros, _maxImages])!;
            refusal = (long)result[0] == 1 ? null : (string)result[1]!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // No hold, no request: with the shared budget out of reach, nothing more may be paid.
            refusal = _broken = $"the shared budget in Redis is out of reach ({e.Message.Split('\n')[0].Trim()}); no more submissions";
        }

        return refusal is null;
    }

    public void Settle(string jobKey, decimal billedUsd, int billedImages) =>
        Close([jobKey, MoneyMicros.ToMicros(billedUsd), billedImages, 1]);

    public void Release(string jobKey) => Close([jobKey, 0, 0, 0]);

    /// <summary>
    /// A settle or release Redis did not take leaves its totals behind the truth; this worker stops reserving (the hold
    /// stays counted, so the others never exceed the budget because of it) rather than fail the job that was paid.
    /// </summary>
    private void Close(RedisValue[] arguments)
    {
        try
        {
            _redis.ScriptEvaluate(RedisScripts.Close, _keys, arguments);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _broken ??= $"the shared budget in Redis could not record a bill ({e.Message.Split('\n')[0].Trim()}); no more submissions";
        }
    }

    /// <summary>What the whole pipeline has spent and holds, and the stop reason if reached.</summary>
    public async Task<(decimal SpentUsd, long SpentImages, decimal HeldUsd, string? Stop)> ReadAsync()
    {
        var values = await _redis.StringGetAsync([_keys[0], _keys[1], _keys[2], _keys[4]]).ConfigureAwait(false);
        return (MoneyMicros.FromMicros((long?)values[0] ?? 0), (long?)values[1] ?? 0, MoneyMicros.FromMicros((long?)values[2] ?? 0), values[3].IsNull ? null : (string?)values[3]);
    }

    /// <summary>
    /// Settles or releases every hold this shard's predecessor left, from what its state store says happened to the job:
    /// answered → settle with the bill; never sent or known refused → release; sent with an unknown outcome → settle at
    /// the estimate (it may have been charged: never report less); a recorded task → keep (the resume adopts it).
    /// Call with the shard's lease held, before the run starts. Returns (settled, released, kept).
    /// </summary>
    public async Task<(int Settled, int Released, int Kept)> ReconcileAsync(StateReader? reader, CancellationToken cancellationToken)
    {
        int settled = 0, released = 0, kept = 0;
        foreach (var entry in await _redis.HashGetAllAsync(_keys[5]).ConfigureAwait(false))
        {
            var jobKey = (string)entry.Name!;
            var parts = ((string)entry.Value!).Split(' ');
            var heldUsd = MoneyMicros.FromMicros(long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture));
            var heldImages = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            var record = reader is null ? null : await reader.GetJobAsync(jobKey, cancellationToken).ConfigureAwait(false);
            switch (record?.Status)
            {
                case null or JobStatus.Pending or JobStatus.BudgetSkipped:
                    Release(jobKey);
                    released++;
                    break;
                case JobStatus.Generated or JobStatus.Done:
                    Settle(jobKey, record.BilledCostUsd ?? heldUsd, record.BilledImages ?? heldImages);
                    settled++;
                    break;
                case JobStatus.Submitted when record.TaskId is not null:
                    kept++;
                    break;
                case JobStatus.Failed when record.BilledCostUsd is { } billed:
                    Settle(jobKey, billed, record.BilledImages ?? 0);
                    settled++;
                    break;
                case JobStatus.Failed when record.Failure is { Kind.IsUnknownOutcome: false }:
                    Release(jobKey);
                    released++;
                    break;
                default:
                    Settle(jobKey, heldUsd, heldImages);
                    settled++;
                    break;
            }
        }

        return (settled, released, kept);
    }
}
