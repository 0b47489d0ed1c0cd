namespace SeedreamBatch.Engine.State;

/// <summary>Who answers this run's paid requests: recorded with every submission (schema 4).</summary>
/// <param name="Endpoint">The base URL's scheme, host and port (never a path or query: no key can ride along).</param>
/// <param name="Simulated">The built-in simulator answers: its pictures are placeholders and it charges nothing.</param>
public sealed record PaidEndpoint(string Endpoint, bool Simulated)
{
    /// <summary>What a store records when its opener did not say (engine tests with scripted clients).</summary>
    public static PaidEndpoint Unspecified { get; } = new("unspecified", false);

    /// <summary>The endpoint of <paramref name="baseUrl"/>: scheme, host and port only ("unspecified" when there is none).</summary>
    public static PaidEndpoint For(string? baseUrl, bool simulated) =>
        new(Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "unspecified", simulated);
}
