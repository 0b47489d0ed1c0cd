using Polly;
using Polly.CircuitBreaker;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Routing;

/// <summary>
/// One provider of a route: its Polly circuit breaker (on the injected clock) and whether an account-wide refusal
/// took it out for the rest of the run.
/// </summary>
internal sealed class ProviderLane
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly ResiliencePipeline _pipeline;
    private string? _outOfService;

    public ProviderLane(RouteCandidate candidate, BreakerSettings settings, TimeProvider time, Action<string, TimeSpan>? onOpened = null)
    {
        Candidate = candidate;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _state,
                ShouldHandle = new PredicateBuilder().Handle<ProviderException>(e => CountsAsDown(e.Error.Kind)),
                OnOpened = args =>
                {
                    onOpened?.Invoke(candidate.Provider, args.BreakDuration);
                    return default;
                },
            })
            .Build();
    }

    public RouteCandidate Candidate { get; }

    public string Provider => Candidate.Provider;

    /// <summary>Polly's view: <see cref="CircuitState.Open"/> stays so until the next call after the break (then half-open).</summary>
    public CircuitState Circuit => _state.CircuitState;

    /// <summary>Why the provider takes no more jobs this run (quota, overdue account, bad key); null while it does.</summary>
    public string? OutOfService => Volatile.Read(ref _outOfService);

    /// <summary>True when this call took it out (it was in service).</summary>
    public bool TakeOutOfService(string reason) => Interlocked.CompareExchange(ref _outOfService, reason, null) is null;

    /// <summary>Runs one call through the breaker; an open circuit throws <see cref="BrokenCircuitException"/> before anything is sent.</summary>
    public ValueTask<T> ExecuteAsync<T>(Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(call, cancellationToken);

    /// <summary>
    /// A provider is "down" on 5xx, refused connections and timeouts (an unknown outcome is usually a timeout). Rate
    /// limits are the throttle's business and a refused prompt says nothing about the provider's health.
    /// </summary>
    private static bool CountsAsDown(ProviderErrorKind kind) =>
        kind is ProviderErrorKind.ServerError or ProviderErrorKind.Timeout or ProviderErrorKind.Transport or ProviderErrorKind.OutcomeUnknown;
}
