namespace SeedreamBatch.Simulator.Ledger;

/// <summary>One charge: the images a single request (or async task) delivered, priced as the dialect bills them.</summary>
/// <param name="Job">The <c>X-Seedream-Job</c> header of the paid request, when sent.</param>
/// <param name="Reference">The request's task id (async dialects) or a request id (sync).</param>
public sealed record LedgerCharge(
    DateTimeOffset At,
    string ApiKey,
    string Dialect,
    string Model,
    string? Job,
    string Prompt,
    int Images,
    decimal UnitPriceUsd,
    string Reference)
{
    public decimal AmountUsd => Images * UnitPriceUsd;
}
