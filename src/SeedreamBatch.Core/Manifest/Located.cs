using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Manifest;

/// <summary>A value from the manifest with where it was written, so later checks can point at it.</summary>
public sealed record Located<T>(T Value, SourceLocation Location);
