namespace SeedreamBatch.Providers;

/// <summary>How a dialect delivers results, so the engine knows what to record and whether resume is possible.</summary>
/// <param name="IsTaskBased">Submit answers with a task id and the images come later (poll or callback).</param>
/// <param name="CanResume">A task id recorded before a crash can be fetched again without a second charge.</param>
/// <param name="CanStream">Images arrive one by one over Server-Sent Events when the request asks for it.</param>
/// <param name="UsesCallbacks">Results are pushed to the embedded callback receiver (polling stays the fallback).</param>
public sealed record ProviderFeatures(bool IsTaskBased, bool CanResume, bool CanStream, bool UsesCallbacks);
