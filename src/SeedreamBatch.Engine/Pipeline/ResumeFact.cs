namespace SeedreamBatch.Engine.Pipeline;

/// <summary>
/// A fact <see cref="ResumePolicy"/> asks for before it can decide. Each costs IO (the state store, file checks), so the
/// stage gathers one only when the policy asks: a rerun of a done job reads no more than it must.
/// </summary>
internal enum ResumeFact
{
    /// <summary>The job's record in the state store (after a takeover from an earlier folder, if any): <see cref="ResumeFacts.Record"/>.</summary>
    Record,

    /// <summary>The job's images recorded as failed: <see cref="ResumeFacts.FailedImages"/>.</summary>
    FailedImages,

    /// <summary>Whether every recorded original is intact: <see cref="ResumeFacts.OriginalsIntact"/>.</summary>
    Originals,

    /// <summary>Whether every recorded variant is intact: <see cref="ResumeFacts.VariantsIntact"/>.</summary>
    Variants,
}
