namespace SeedreamBatch.Engine.Routing;

/// <summary>
/// When a provider of a route counts as down. Polly 8's circuit breaker judges a share of failures in a sliding
/// window (it has no "N in a row" mode): the circuit opens when at least <see cref="MinimumThroughput"/> calls in the
/// last <see cref="SamplingDuration"/> were made and at least <see cref="FailureRatio"/> of them failed with a 5xx, a
/// timeout or a broken connection. While open nothing is sent to the provider; after <see cref="BreakDuration"/> one
/// trial job is let through (half-open), and its outcome closes or reopens the circuit.
/// </summary>
public sealed record BreakerSettings
{
    public double FailureRatio { get; init; } = 0.5;

    public int MinimumThroughput { get; init; } = 5;

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
}
