namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// What a <see cref="DuplicateScreen"/> found: the fingerprints that more than one job's request, or more than one
/// job's output name, hashed to. Every real duplicate is among them; a fingerprint shared by two different requests
/// is not a duplicate, and <see cref="DuplicateCheck.Among"/> compares those jobs exactly before saying so.
/// Usually empty, so a million-job manifest needs no second look.
/// </summary>
public sealed class DuplicateSuspects
{
    internal DuplicateSuspects(HashSet<ulong> requests, HashSet<ulong> names)
    {
        Requests = requests;
        Names = names;
    }

    /// <summary>No job shares a fingerprint with another: there are no duplicates, for certain.</summary>
    public static DuplicateSuspects None { get; } = new([], []);

    public bool IsEmpty => Requests.Count == 0 && Names.Count == 0;

    internal HashSet<ulong> Requests { get; }

    internal HashSet<ulong> Names { get; }
}
