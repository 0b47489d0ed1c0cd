namespace SeedreamBatch.Providers.Results;

/// <summary>What a poll (or a callback) says about a task.</summary>
internal sealed record TaskState
{
    public static TaskState Pending { get; } = new();

    public IReadOnlyList<WireImage>? Images { get; private init; }

    public ProviderException? Failure { get; private init; }

    public bool IsPending => Images is null && Failure is null;

    public static TaskState Done(IReadOnlyList<WireImage> images) => new() { Images = images };

    public static TaskState Failed(ProviderException failure) => new() { Failure = failure };
}
