using System.Collections.Concurrent;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Engine.Routing;

/// <summary>
/// A routed run's providers (<c>provider: [ark, fal]</c>) and what the generate stage needs of them: one
/// <see cref="ProviderRouter"/> per model (<c>cheapest</c> ranks by the model's prices), each provider's request for a
/// job, its price, and which providers are out of service. An account-wide refusal takes a provider out for every model:
/// quota, balance and keys are the account's, not the model's.
/// </summary>
/// <remarks>
/// A circuit breaker is per model and provider: a provider down for one model is usually down for all, and the next job
/// of another model finds that out with one unbilled 5xx.
/// </remarks>
public sealed class ProviderRoutes
{
    private readonly IReadOnlyList<RouteProvider> _providers;
    private readonly RouteMode _mode;
    private readonly Func<Job, ProviderDialect, GenerationRequest> _requestFor;
    private readonly Func<ProviderDialect, SeedreamModel, decimal?> _pricePerImage;
    private readonly TimeProvider _time;
    private readonly BreakerSettings? _breaker;
    private readonly ConcurrentDictionary<SeedreamModel, Lazy<ProviderRouter>> _routers = new();
    private readonly ConcurrentDictionary<string, string> _out = new(StringComparer.Ordinal);

    /// <param name="providers">In the manifest's order.</param>
    /// <param name="requestFor">A job's request for a provider's dialect (<see cref="RouteRequests.For"/>).</param>
    /// <param name="pricePerImage">USD per image of a model on a dialect (the price table); null when unknown.</param>
    public ProviderRoutes(
        IReadOnlyList<RouteProvider> providers,
        RouteMode mode,
        Func<Job, ProviderDialect, GenerationRequest> requestFor,
        Func<ProviderDialect, SeedreamModel, decimal?> pricePerImage,
        TimeProvider time,
        BreakerSettings? breaker = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        if (providers.Count == 0)
        {
            throw new ArgumentException("a route needs at least one provider", nameof(providers));
        }

        _providers = providers;
        _mode = mode;
        _requestFor = requestFor;
        _pricePerImage = pricePerImage;
        _time = time;
        _breaker = breaker;
    }

    public IReadOnlyList<RouteProvider> Providers => _providers;

    /// <summary>Lines for the run's error view and log: a provider taken out, a circuit opened.</summary>
    public Action<string>? OnNotice { get; set; }

    /// <summary>Whether every provider is out for the run (an account-wide refusal from each): nothing can be sent.</summary>
    public bool AllOutOfService => _providers.All(p => _out.ContainsKey(p.Name));

    public RouteProvider? Find(string? name) => _providers.FirstOrDefault(p => p.Name == name);

    /// <summary>The request <paramref name="job"/> sends to <paramref name="provider"/>.</summary>
    public GenerationRequest RequestFor(Job job, RouteProvider provider) => _requestFor(job, provider.Dialect);

    public decimal? PricePerImage(RouteProvider provider, SeedreamModel model) => _pricePerImage(provider.Dialect, model);

    /// <summary>The router for <paramref name="model"/>'s jobs, made on first use; providers already out stay out.</summary>
    internal ProviderRouter RouterFor(SeedreamModel model) =>
        _routers.GetOrAdd(model, m => new Lazy<ProviderRouter>(() => Build(m))).Value;

    /// <summary>
    /// Takes <paramref name="provider"/> out for the rest of the run, for every model (an account-wide refusal, seen by a
    /// router or by a job sent outside it: a resumed task, <c>--retry-unknown</c>).
    /// </summary>
    public void TakeOutOfService(string provider, string reason)
    {
        if (Find(provider) is null || !_out.TryAdd(provider, reason))
        {
            return;
        }

        var next = _providers.Where(p => !_out.ContainsKey(p.Name)).Select(p => p.Name).ToList();
        OnNotice?.Invoke(next.Count > 0
            ? $"provider {provider} is out of the route for this run: {reason}; new jobs go to {string.Join(", ", next)}"
            : $"provider {provider} is out of the route for this run: {reason}; no provider of the route is left");
        foreach (var router in _routers.Values.Where(r => r.IsValueCreated))
        {
            router.Value.TakeOutOfService(provider, reason);
        }
    }

    private ProviderRouter Build(SeedreamModel model)
    {
        // A provider without a known price ranks last under "cheapest" (validate requires one for every provider).
        var candidates = _providers.Select(p => new RouteCandidate(p.Name, PricePerImage(p, model) ?? decimal.MaxValue)).ToList();
        var router = new ProviderRouter(candidates, _mode, _time, _breaker, (provider, open) =>
            OnNotice?.Invoke($"provider {provider} looks down for {model.ToName()} (5xx, timeouts): no new jobs go to it for {open.TotalSeconds:0} s, then one trial job"))
        {
            OnTakenOut = TakeOutOfService,
        };
        foreach (var (provider, reason) in _out)
        {
            router.TakeOutOfService(provider, reason);
        }

        return router;
    }
}
