namespace SeedreamBatch.Core.Manifest;

/// <summary><c>schedule.catch_up</c>: what <c>schedule</c> does about due times it missed while it was not running.</summary>
public enum CatchUpPolicy
{
    /// <summary>Missed runs are logged and dropped; the next run is the next due time.</summary>
    Skip,

    /// <summary>However many were missed, one run is made at once (a nightly job that missed three nights runs once).</summary>
    Once,
}
