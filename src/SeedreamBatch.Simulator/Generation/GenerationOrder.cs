namespace SeedreamBatch.Simulator.Generation;

/// <summary>A validated, dialect-neutral generation: what to draw, how many, and what to bill.</summary>
/// <param name="Seed">The seed the model honours, or null when the model ignores seeds (images then vary).</param>
/// <param name="Format">Encoded format of the result: <c>jpeg</c> or <c>png</c>.</param>
internal sealed record GenerationOrder(
    string Dialect,
    string ApiKey,
    string? Job,
    string Model,
    string Prompt,
    long? Seed,
    int Width,
    int Height,
    int Count,
    string Format,
    decimal UnitPriceUsd,
    IReadOnlyList<string> References)
{
    public string Size => $"{Width}x{Height}";
}
