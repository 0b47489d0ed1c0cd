namespace SeedreamBatch.Core.Files;

/// <summary>
/// The size of every input, bounded before it is parsed (docs/manifest-reference.md, "Limits"). Each is far above
/// any real manifest and far below what would exhaust a machine: a hostile or mistaken input fails with one located
/// line in bounded time and memory instead of a crash or an internal error.
/// </summary>
public static class InputLimits
{
    /// <summary>The manifest file itself.</summary>
    public const long ManifestBytes = 4L * 1024 * 1024;

    /// <summary>A prompt template file (<c>prompt: { file: }</c>).</summary>
    public const long TemplateBytes = 1L * 1024 * 1024;

    /// <summary>A catalog file (CSV, JSON, JSON Lines): large catalogs stream, but a file is not an endless stream.</summary>
    public const long CatalogBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>One CSV record, one JSON Lines line, or one JSON string or row object of a catalog.</summary>
    public const int RecordBytes = 1024 * 1024;

    /// <summary>YAML nesting of mappings and lists.</summary>
    public const int YamlDepth = 64;

    /// <summary>YAML nodes after following aliases (<c>*name</c>): anchors must not multiply a small file into a huge tree.</summary>
    public const int YamlExpandedNodes = 1_000_000;

    /// <summary>A rendered prompt, for providers that document no limit of their own (theirs apply when smaller).</summary>
    public const int PromptCharacters = 10_000;

    /// <summary>A local reference image: Ark's documented limit per image (docs/provider-apis.md).</summary>
    public const long ReferenceBytes = 10L * 1024 * 1024;

    /// <summary>A reference image's pixels (width × height): Ark's 6000×6000.</summary>
    public const long ReferencePixels = 6000L * 6000;

    /// <summary>A reference image's shortest side must be more than this many pixels (Ark).</summary>
    public const int ReferenceMinSide = 14;

    /// <summary>A watermark image file.</summary>
    public const long WatermarkBytes = 10L * 1024 * 1024;

    /// <summary>A watermark image's pixels: it is scaled down to a fraction of each output.</summary>
    public const long WatermarkPixels = 6000L * 6000;
}
