namespace SeedreamBatch.Engine.Output;

/// <summary>One image of the current outputs, as the export files see it: its product, alt text and a file per variant.</summary>
/// <param name="Handle">The product it belongs to (rendered <c>export.handle</c>).</param>
/// <param name="Alt">Alt text (rendered <c>export.alt</c>); empty when the manifest has none.</param>
/// <param name="Source">The URL (or path) a shop fetches the chosen variant from.</param>
/// <param name="PathsByVariant">Every variant's file, relative to the outputs folder.</param>
public sealed record ExportImage(
    string Handle,
    string JobKey,
    int ImageIndex,
    string Model,
    string Size,
    string Alt,
    string Source,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyDictionary<string, string> PathsByVariant);
