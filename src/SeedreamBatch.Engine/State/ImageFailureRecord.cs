namespace SeedreamBatch.Engine.State;

/// <summary>
/// One image of a job that failed while the job answered: the provider made the job's other images but not this
/// one, or this image could not be downloaded. The job keeps the images that were made.
/// </summary>
/// <param name="ImageIndex">0-based image of the job (the same numbering as <see cref="OutputRecord.ImageIndex"/> and the file names).</param>
/// <param name="Failure">
/// Why: <see cref="FailureKind.ImageFailed"/>, <see cref="FailureKind.ContentPolicy"/> or
/// <see cref="FailureKind.UnknownOutcome"/> from the provider; <see cref="FailureKind.DownloadFailed"/> for a
/// billed image that could not be fetched.
/// </param>
public sealed record ImageFailureRecord(int ImageIndex, JobFailure Failure);
