using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Expansion;

/// <summary>One matrix variable and its values, in the order written (it fixes the expansion order).</summary>
public sealed record MatrixAxis(string Name, IReadOnlyList<string> Values, SourceLocation Location);
