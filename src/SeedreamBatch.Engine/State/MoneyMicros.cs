namespace SeedreamBatch.Engine.State;

/// <summary>
/// Money is stored as whole micro-dollars (10⁻⁶ USD): exact like <see cref="decimal"/>, and SQLite can sum
/// integers exactly where it would sum decimal text as floating point.
/// </summary>
internal static class MoneyMicros
{
    private const decimal Scale = 1_000_000m;

    public static long ToMicros(decimal usd) => (long)decimal.Round(usd * Scale, MidpointRounding.AwayFromZero);

    public static decimal FromMicros(long micros) => micros / Scale;

    public static decimal? FromMicros(long? micros) => micros is { } m ? FromMicros(m) : null;
}
