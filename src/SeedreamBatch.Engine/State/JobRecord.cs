namespace SeedreamBatch.Engine.State;

/// <summary>What the state store knows about a job (the fields a resume decision needs).</summary>
/// <param name="ResultUrls">
/// The answer's image URLs by image index; null where an image has none to fetch again (it failed, or came inline).
/// </param>
/// <param name="Simulated">The built-in simulator answered the job's last paid request: its images are placeholders.</param>
/// <param name="FailedImageCount">Images recorded as failed (<see cref="StateReader.GetFailedImagesAsync"/>).</param>
public sealed record JobRecord(
    string Key,
    string ProcessingKey,
    JobStatus Status,
    string Provider,
    string Model,
    string? TaskId,
    int Attempts,
    decimal EstimatedCostUsd,
    decimal? BilledCostUsd,
    int? BilledImages,
    JobFailure? Failure,
    IReadOnlyList<string?> ResultUrls,
    DateTimeOffset? GeneratedAt = null,
    string? OutputBaseName = null,
    int FailedImageCount = 0,
    bool Simulated = false);
