using Polly.CircuitBreaker;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Routing;

/// <summary>
/// Failover for one canonical model offered by several providers. A job goes to the first provider in
/// <see cref="Ranking"/> that is healthy; it moves to the next only when the error proves nothing was billed:
/// <list type="bullet">
/// <item>the provider's circuit is open (nothing was sent);</item>
/// <item>a <see cref="ProviderErrorKind.ServerError"/> refusal (5xx, refused connection): the same guarantee that lets the
/// engine retry on the same provider lets it try the next one;</item>
/// <item>an account-wide refusal (<see cref="ProviderErrorKind.Authentication"/>: bad key, quota, overdue account,
/// model not enabled): the provider is taken out for the rest of the run.</item>
/// </list>
/// Everything else stays with the provider that answered: an unknown outcome (it may have been paid there) is never
/// sent elsewhere, a rate limit is the throttle's to wait out, a content or request refusal would be refused anywhere.
/// </summary>
/// <remarks>
/// The router never runs two providers for one call at once: it tries them one after another, so a job is in flight on
/// at most one provider. It keeps no per-job memory; recording which provider took a job (so a resume or
/// <c>--retry-unknown</c> goes back to it) is the caller's job.
/// </remarks>
internal sealed class ProviderRouter
{
    private readonly IReadOnlyList<ProviderLane> _lanes;

    /// <param name="onOpened">Told when a provider's circuit opens: (provider, how long it stays open).</param>
    public ProviderRouter(IReadOnlyList<RouteCandidate> candidates, RouteMode mode, TimeProvider time, BreakerSettings? breaker = null, Action<string, TimeSpan>? onOpened = null)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(time);
        if (candidates.Count == 0)
        {
            throw new ArgumentException("a route needs at least one provider", nameof(candidates));
        }

        var duplicate = candidates.GroupBy(c => c.Provider, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"provider '{duplicate.Key}' is listed twice in the route", nameof(candidates));
        }

        // OrderBy is stable: equal prices keep the manifest's order, so "cheapest" is deterministic.
        var ranked = mode == RouteMode.Cheapest ? candidates.OrderBy(c => c.PricePerImageUsd).ToList() : candidates.ToList();
        var settings = breaker ?? new BreakerSettings();
        _lanes = [.. ranked.Select(c => new ProviderLane(c, settings, time, onOpened))];
        Mode = mode;
    }

    public RouteMode Mode { get; }

    /// <summary>The providers in the order they are asked.</summary>
    public IReadOnlyList<string> Ranking => [.. _lanes.Select(l => l.Provider)];

    /// <summary>The breaker state of <paramref name="provider"/> (for logs, status and tests).</summary>
    public CircuitState CircuitOf(string provider) => Lane(provider).Circuit;

    /// <summary>Why <paramref name="provider"/> takes no more jobs, or null.</summary>
    public string? OutOfServiceReason(string provider) => Lane(provider).OutOfService;

    /// <summary>Whether every provider of the route is out for the run (then nothing can be sent).</summary>
    public bool AllOutOfService => _lanes.All(l => l.OutOfService is not null);

    /// <summary>Told once per provider when an account-wide refusal takes it out: (provider, reason).</summary>
    public Action<string, string>? OnTakenOut { get; init; }

    /// <summary>
    /// Takes <paramref name="provider"/> out for the rest of the run (an account-wide refusal seen here or by a job sent
    /// to it outside the router: a resumed task, <c>--retry-unknown</c>). True the first time.
    /// </summary>
    public bool TakeOutOfService(string provider, string reason)
    {
        var lane = Lane(provider);
        if (!lane.TakeOutOfService(reason))
        {
            return false;
        }

        OnTakenOut?.Invoke(provider, reason);
        return true;
    }

    /// <summary>
    /// Sends one paid call to the first provider that takes it. <paramref name="submit"/> gets the provider's name and
    /// must throw <see cref="ProviderException"/> (kinds as <see cref="PaidCalls"/> gives them) for a provider's refusal. When
    /// no provider takes the call, throws a <see cref="ProviderException"/>: retryable while some provider may recover (its circuit will half-open),
    /// <see cref="ProviderErrorKind.Authentication"/> when every provider is out for the run.
    /// </summary>
    public async Task<RoutedResult<T>> ExecuteAsync<T>(Func<string, CancellationToken, ValueTask<T>> submit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submit);
        var passedOver = new List<string>();
        ProviderException? lastRefusal = null;
        foreach (var lane in _lanes)
        {
            if (lane.OutOfService is { } reason)
            {
                passedOver.Add($"{lane.Provider}: {reason}");
                continue;
            }

            try
            {
                var value = await lane.ExecuteAsync(ct => submit(lane.Provider, ct), cancellationToken).ConfigureAwait(false);
                return new RoutedResult<T>(lane.Provider, value);
            }
            catch (BrokenCircuitException)
            {
                passedOver.Add($"{lane.Provider}: down (circuit open)");
            }
            catch (ProviderException e) when (e.Error.Kind == ProviderErrorKind.ServerError)
            {
                lastRefusal = e;
                passedOver.Add($"{lane.Provider}: {NonEmpty(e.Error.ProviderCode) ?? "refused"}");
            }
            catch (ProviderException e) when (e.Error.Kind.IsAccountWide())
            {
                TakeOutOfService(lane.Provider, $"{NonEmpty(e.Error.ProviderCode) ?? "account refused"} ({e.Error.Message})");
                lastRefusal = e;
                passedOver.Add($"{lane.Provider}: {lane.OutOfService}");
            }
        }

        var summary = "no provider of the route took the job: " + string.Join("; ", passedOver);
        if (AllOutOfService)
        {
            // Nothing will work until a person acts on some account: not retried.
            var kind = lastRefusal?.Error.Kind is ProviderErrorKind.Authentication ? ProviderErrorKind.Authentication : ProviderErrorKind.AccountProblem;
            throw Refusal(kind, lastRefusal, lastRefusal?.Error.ProviderCode ?? "", summary, null);
        }

        // Some circuit will half-open (or a 5xx may pass): the engine's retry, with its backoff, tries again.
        throw Refusal(ProviderErrorKind.ServerError, lastRefusal, lastRefusal?.Error.ProviderCode ?? "route_down", summary, lastRefusal?.Error.RetryAfter);
    }

    /// <summary>The route's own refusal, said in the last refusing provider's dialect (any, when none refused: the text says why).</summary>
    private static ProviderException Refusal(ProviderErrorKind kind, ProviderException? last, string code, string summary, TimeSpan? retryAfter)
    {
        var error = new ProviderError(kind, last?.Error.Dialect ?? default, code, summary, null, retryAfter);
        return last is null ? new ProviderException(error) : new ProviderException(error, last);
    }

    private static string? NonEmpty(string code) => code.Length == 0 ? null : code;

    private ProviderLane Lane(string provider) =>
        _lanes.FirstOrDefault(l => l.Provider == provider) ?? throw new ArgumentException($"'{provider}' is not in the route", nameof(provider));
}
