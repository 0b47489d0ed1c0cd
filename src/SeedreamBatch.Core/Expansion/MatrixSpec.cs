namespace SeedreamBatch.Core.Expansion;

/// <summary>A <c>matrix:</c> block: axes, then <c>exclude</c> (applied first), then <c>include</c>.</summary>
public sealed record MatrixSpec(IReadOnlyList<MatrixAxis> Axes, IReadOnlyList<MatrixEntry> Include, IReadOnlyList<MatrixEntry> Exclude)
{
    public static MatrixSpec Empty { get; } = new([], [], []);
}
