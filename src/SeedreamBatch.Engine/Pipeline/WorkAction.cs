namespace SeedreamBatch.Engine.Pipeline;

/// <summary>What the engine does with a job, decided from the state store before anything is paid.</summary>
internal enum WorkAction
{
    /// <summary>Submit a paid request.</summary>
    Generate,

    /// <summary>Poll a task id recorded by an earlier run; no new submission.</summary>
    ResumeTask,

    /// <summary>Download again from result URLs recorded by an earlier run; no paid call.</summary>
    Redownload,

    /// <summary>Make the variants again from intact originals (the recipe changed or variant files are gone); no paid call.</summary>
    Reprocess,

    /// <summary>Nothing to do: done with every file intact.</summary>
    SkipDone,

    /// <summary>Nothing to do: failed earlier and <c>--retry-failed</c> was not given.</summary>
    SkipFailed,
}
