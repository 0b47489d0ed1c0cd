namespace SeedreamBatch.Core.Planning;

/// <summary>What <c>plan</c> shows of a job: enough to see that the expansion is right.</summary>
public sealed record JobPreview(
    long Index, string Key, string Model, string Size, int? Seed, bool SeedSent, int Repeat,
    string Prompt, IReadOnlyList<string> References, string Output, decimal EstimatedCostUsd);
