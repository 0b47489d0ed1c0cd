namespace SeedreamBatch.Simulator.Dialects.AceData;

/// <summary>A validated Ace Data generation request.</summary>
internal sealed record AceDataRequest(
    string Model,
    string Prompt,
    IReadOnlyList<string> Images,
    PixelSize Size,
    long? HonouredSeed,
    int Count,
    bool Base64,
    bool Async,
    string? CallbackUrl);
