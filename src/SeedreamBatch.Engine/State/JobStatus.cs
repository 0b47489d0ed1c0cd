namespace SeedreamBatch.Engine.State;

/// <summary>Where a job stands in the state store. Stored as its snake_case name (<see cref="JobStatusNames"/>).</summary>
public enum JobStatus
{
    /// <summary>Known but not yet sent (only seen in stores written by other tools; the engine records from submitting on).</summary>
    Pending,

    /// <summary>Recorded durably, then the paid request is sent: the outcome is unknown until the next record.</summary>
    Submitting,

    /// <summary>The provider accepted the task and its id is recorded: a resume polls instead of paying again.</summary>
    Submitted,

    /// <summary>The provider answered with images; billing and result URLs are recorded; files may still be downloading.</summary>
    Generated,

    /// <summary>Every output file is written and recorded with its hash.</summary>
    Done,

    /// <summary>Ended without outputs; the error columns say why.</summary>
    Failed,

    /// <summary>Not submitted because the budget was reached; a later run with budget left takes it up.</summary>
    BudgetSkipped,
}
