namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Which seeds each request is made with: none (the provider picks), an explicit list, a range
/// (<c>{start, count}</c>), or <c>auto</c> (one seed derived from the job key, stable across runs).
/// </summary>
public sealed record SeedSpec(SeedMode Mode, IReadOnlyList<int> Values)
{
    public static SeedSpec None { get; } = new(SeedMode.None, []);

    public static SeedSpec Auto { get; } = new(SeedMode.Auto, []);
}
