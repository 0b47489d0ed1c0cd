namespace SeedreamBatch.Cli.Notify;

/// <summary>How hard a notification is tried: bounded, so a dead receiver costs a run at most about 35 s at its end.</summary>
internal sealed record NotifyOptions
{
    /// <summary>Tries per target, the first included.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>Pause before the second try; doubles each time (1 s, 2 s).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One try's limit: a receiver that hangs is given up on after this.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>command</c>'s limit; it is then killed (with its children).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
