namespace SeedreamBatch.Engine.Coordination;

/// <summary>
/// The Lua scripts Redis runs atomically for the shared limiter and budget. Times are microseconds; money is
/// micro-dollars (integers: Lua numbers are doubles, exact to 2^53).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// SlidingWindowPacer.TryAdmit, line for line, with its state in Redis. KEYS[1]: sorted set of admissions
    /// (member <c>seq:permits</c>, score = admission time); KEYS[2]: hash {n = permits in window, tat = theoretical
    /// arrival, seq}. ARGV: now (empty: Redis's own clock, TIME), cost, limit, window, interval, tolerance.
    /// Returns the wait in microseconds; 0 means admitted.
    /// </summary>
    public const string Admit = """
        local now = tonumber(ARGV[1])
        if not now then
          local t = redis.call('TIME')
          now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        end
        local cost = tonumber(ARGV[2])
        local limit = tonumber(ARGV[3])
        local window = tonumber(ARGV[4])
        local interval = tonumber(ARGV[5])
        local tolerance = tonumber(ARGV[6])
        local n = tonumber(redis.call('HGET', KEYS[2], 'n') or '0')
        -- An admission at t counts in [t, t + window): at exactly t + window it has left.
        local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now - window)
        for _, m in ipairs(expired) do
          n = n - tonumber(string.match(m, ':(%d+)$'))
        end
        if #expired > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        end
        local tat = tonumber(redis.call('HGET', KEYS[2], 'tat') or '0')
        local wait = math.max(0, math.max(tat, now) + cost * interval - tolerance - now)
        if n + cost > limit then
          local mustLeave = n + cost - limit
          local admitted = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
          for i = 1, #admitted, 2 do
            mustLeave = mustLeave - tonumber(string.match(admitted[i], ':(%d+)$'))
            if mustLeave <= 0 then
              wait = math.max(wait, tonumber(admitted[i + 1]) + window - now)
              break
            end
          end
        end
        if wait == 0 then
          local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
          redis.call('ZADD', KEYS[1], now, seq .. ':' .. cost)
          n = n + cost
          redis.call('HSET', KEYS[2], 'tat', string.format('%.0f', math.max(tat, now) + cost * interval))
        end
        redis.call('HSET', KEYS[2], 'n', n)
        local ttl = math.ceil(window / 1000) + 60000
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('PEXPIRE', KEYS[2], ttl)
        return string.format('%.0f', wait)
        """;

    /// <summary>
    /// Holds a job's cost. KEYS: spent_usd, spent_images, reserved_usd, reserved_images, stop, held (hash job → "usd images",
    /// this shard's holds). ARGV: job key, usd micros, images, max usd micros (-1: none), max images (-1: none).
    /// Returns {1, "held"|"adopted"} or {0, reason}. A refusal sets the stop key: every worker's next reserve is refused.
    /// A job this shard already holds (a dead predecessor's submitted task, now resumed) is adopted, not held twice.
    /// </summary>
    public const string Reserve = """
        local stop = redis.call('GET', KEYS[5])
        if stop then return {0, stop} end
        if redis.call('HEXISTS', KEYS[6], ARGV[1]) == 1 then return {1, 'adopted'} end
        local usd = tonumber(ARGV[2])
        local images = tonumber(ARGV[3])
        local maxUsd = tonumber(ARGV[4])
        local maxImages = tonumber(ARGV[5])
        local spentUsd = tonumber(redis.call('GET', KEYS[1]) or '0')
        local spentImages = tonumber(redis.call('GET', KEYS[2]) or '0')
        local heldUsd = tonumber(redis.call('GET', KEYS[3]) or '0')
        local heldImages = tonumber(redis.call('GET', KEYS[4]) or '0')
        local reason = nil
        if maxUsd >= 0 and spentUsd + heldUsd + usd > maxUsd then
          reason = string.format('max_cost_usd %.6f reached across all workers (spent %.6f, in flight %.6f, next job %.6f)', maxUsd / 1e6, spentUsd / 1e6, heldUsd / 1e6, usd / 1e6)
        elseif maxImages >= 0 and spentImages + heldImages + images > maxImages then
          reason = string.format('max_images %d reached across all workers (made %d, in flight %d, next job %d)', maxImages, spentImages, heldImages, images)
        end
        if reason then
          redis.call('SET', KEYS[5], reason)
          return {0, reason}
        end
        redis.call('INCRBY', KEYS[3], usd)
        redis.call('INCRBY', KEYS[4], images)
        redis.call('HSET', KEYS[6], ARGV[1], string.format('%d %d', usd, images))
        return {1, 'held'}
        """;

    /// <summary>
    /// Ends a job's hold. KEYS as <see cref="Reserve"/>. ARGV: job key, billed usd micros, billed images, settle (1) or
    /// release (0). Without a hold (already settled) nothing changes, so a repeated settle never counts twice.
    /// </summary>
    public const string Close = """
        local held = redis.call('HGET', KEYS[6], ARGV[1])
        if not held then return 0 end
        local usd, images = string.match(held, '^(%d+) (%d+)$')
        redis.call('DECRBY', KEYS[3], usd)
        redis.call('DECRBY', KEYS[4], images)
        redis.call('HDEL', KEYS[6], ARGV[1])
        if ARGV[4] == '1' then
          redis.call('INCRBY', KEYS[1], ARGV[2])
          redis.call('INCRBY', KEYS[2], ARGV[3])
        end
        return 1
        """;

    /// <summary>Takes or renews a lease. KEYS[1]: lease; ARGV: owner, ttl ms. Returns 1 when held by owner, else the remaining ttl × -1.</summary>
    public const string Lease = """
        local owner = redis.call('GET', KEYS[1])
        if not owner or owner == ARGV[1] then
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
          return 1
        end
        return -redis.call('PTTL', KEYS[1])
        """;

    /// <summary>Gives a lease up if still ours. KEYS[1]: lease; ARGV[1]: owner.</summary>
    public const string Unlease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;
}
