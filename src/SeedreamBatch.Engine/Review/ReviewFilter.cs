namespace SeedreamBatch.Engine.Review;

/// <summary>
/// Which jobs the contact sheet shows and in which order. Empty parts match everything; statuses are ORed, everything
/// else is ANDed. Only current versions are shown (a job replaced by a redo with a changed prompt is history).
/// </summary>
public sealed record ReviewFilter
{
    /// <summary>The status words a filter accepts (<c>partly</c>: done without some of its images; <c>unreviewed</c>: done, no decision).</summary>
    public static readonly IReadOnlyList<string> StatusWords = ["done", "partly", "failed", "pending", "approved", "rejected", "unreviewed"];

    /// <summary><see cref="OrderBy"/> names of the job's own columns (a variable may be called <c>size</c>).</summary>
    public const string SizeColumn = "job:size";

    public const string ModelColumn = "job:model";

    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Variable name → exact value.</summary>
    public IReadOnlyDictionary<string, string> Variables { get; init; } = new Dictionary<string, string>();

    public string? Model { get; init; }

    public string? Provider { get; init; }

    public int? Seed { get; init; }

    /// <summary>Made by the simulator (state store schema 4); ignored on a store without that flag.</summary>
    public bool? Simulated { get; init; }

    /// <summary>Case-insensitive substring of the prompt.</summary>
    public string? Text { get; init; }

    /// <summary>Variables to sort by before the manifest order, so the sheet's rows and columns come out grouped.</summary>
    public IReadOnlyList<string> OrderBy { get; init; } = [];
}
