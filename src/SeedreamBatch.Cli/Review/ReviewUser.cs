namespace SeedreamBatch.Cli.Review;

/// <summary>Who made a decision: the OS user running the review (the tool has no accounts of its own).</summary>
internal static class ReviewUser
{
    public static string Current => string.IsNullOrWhiteSpace(Environment.UserName) ? "unknown" : Environment.UserName;
}
