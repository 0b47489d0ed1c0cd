using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Expansion;

/// <summary>One <c>include</c> or <c>exclude</c> item: a partial combination of variable values.</summary>
public sealed record MatrixEntry(IReadOnlyDictionary<string, string> Values, SourceLocation Location);
