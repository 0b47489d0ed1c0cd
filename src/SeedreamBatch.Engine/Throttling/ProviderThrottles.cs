using System.Collections.Concurrent;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Engine.Throttling;

/// <summary>One <see cref="ProviderThrottle"/> per provider dialect, made on first use from its options (or the defaults).</summary>
public sealed class ProviderThrottles : IDisposable
{
    private readonly ConcurrentDictionary<ProviderDialect, Lazy<ProviderThrottle>> _throttles = new();
    private readonly IReadOnlyDictionary<ProviderDialect, ThrottleOptions> _options;
    private readonly ThrottleOptions _defaults;
    private readonly TimeProvider _time;

    private readonly Func<ProviderDialect, RateLimiterFactory?>? _limiters;

    /// <param name="limiters">Per provider, the maker of its per-minute limiters (shared ones in Redis); null: each process its own.</param>
    /// <exception cref="ArgumentException">Some options are invalid; the message lists every problem of every provider.</exception>
    public ProviderThrottles(IReadOnlyDictionary<ProviderDialect, ThrottleOptions> options, ThrottleOptions defaults, TimeProvider time, Func<ProviderDialect, RateLimiterFactory?>? limiters = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaults);

        // Here, once and for all providers: the throttles themselves are made on first use, mid-run.
        OptionsValidation.ThrowIfInvalid([.. defaults.Validate("default"), .. options.SelectMany(o => o.Value.Validate(o.Key.ToName()))], nameof(options));
        _limiters = limiters;
        _options = options;
        _defaults = defaults;
        _time = time;
    }

    /// <summary>The largest concurrency any provider may reach: how many jobs the engine keeps in flight.</summary>
    public int MaxConcurrency => _options.Values.Select(o => o.MaxConcurrency).Append(_defaults.MaxConcurrency).Max();

    public ProviderThrottle For(ProviderDialect dialect) =>
        _throttles.GetOrAdd(
            dialect,
            d => new Lazy<ProviderThrottle>(() => new ProviderThrottle(d.ToName(), _options.GetValueOrDefault(d) ?? _defaults, _time, _limiters?.Invoke(d)))).Value;

    public void Dispose()
    {
        foreach (var throttle in _throttles.Values.Where(l => l.IsValueCreated))
        {
            throttle.Value.Dispose();
        }
    }
}
