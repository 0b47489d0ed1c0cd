using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Rows;

/// <summary>One catalog record as template variables, and where it came from so errors can point at it.</summary>
/// <param name="Values">Variable path → text. A CSV row has every header column; a JSON row has the keys it has.</param>
/// <param name="Location">CSV: file:line where the record starts. JSON: file:line:col of its <c>{</c>.</param>
/// <param name="Index">0-based position among the source's records, before any filter.</param>
public sealed record Row(IReadOnlyDictionary<string, string> Values, SourceLocation Location, long Index);
