namespace SeedreamBatch.Engine.Review;

/// <summary>A person's decision about a job: <c>approved</c> or <c>rejected</c>, why, who (OS user) and when.</summary>
public sealed record ReviewDecision(string Decision, string? Reason, string DecidedBy, DateTimeOffset DecidedAt);
