namespace SeedreamBatch.Engine.State;

/// <summary>The stored words of a review decision; a job without one is "not reviewed".</summary>
public static class ReviewDecisions
{
    public const string Approved = "approved";

    public const string Rejected = "rejected";

    public static bool IsKnown(string decision) => decision is Approved or Rejected;
}
