namespace SeedreamBatch.Engine.Review;

/// <summary>Current jobs by outcome and by decision; <see cref="Pending"/> is done jobs without a decision.</summary>
public sealed record ReviewCounts(int Total, int Done, int PartlyDone, int Failed, int Approved, int Rejected, int Pending);
