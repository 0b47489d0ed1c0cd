namespace SeedreamBatch.Simulator.Dialects.Ark;

/// <summary>A validated Ark generation request.</summary>
internal sealed record ArkRequest(
    ArkModel Model,
    string Prompt,
    IReadOnlyList<string> Images,
    PixelSize Size,
    long? HonouredSeed,
    int Count,
    bool Stream,
    bool Base64,
    string Format);
