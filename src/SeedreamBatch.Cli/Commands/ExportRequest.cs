namespace SeedreamBatch.Cli.Commands;

/// <summary>What <c>export</c> was asked for: the manifest or folder, <c>--format</c>, <c>-o</c>, <c>--variant</c>, and the folder selection, and <c>--approved</c>.</summary>
internal sealed record ExportRequest(string Target, string Format, string? OutputFile, string Variant, DateOnly? Date, string? Outputs, bool ApprovedOnly = false);
