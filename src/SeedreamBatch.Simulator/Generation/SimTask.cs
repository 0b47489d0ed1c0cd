using System.Text.Json.Nodes;
using SeedreamBatch.Simulator.Dialects;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>An asynchronous generation (Ace Data async/callback, Sinan, KIE). Completes once, when its time is due.</summary>
internal sealed class SimTask(string id, GenerationOrder order, Uri baseUri, JsonNode? request, DateTimeOffset createdAt, DateTimeOffset readyAt)
{
    public string Id { get; } = id;

    public GenerationOrder Order { get; } = order;

    public Uri BaseUri { get; } = baseUri;

    /// <summary>The create request as received (Ace Data's retrieve returns it).</summary>
    public JsonNode? Request { get; } = request;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public DateTimeOffset ReadyAt { get; } = readyAt;

    // Volatile: the completer writes Outcomes, then State; a reader that sees a final State also sees its Outcomes.
    private volatile SimTaskState _state;

    public SimTaskState State
    {
        get => _state;
        internal set => _state = value;
    }

    public DateTimeOffset? CompletedAt { get; internal set; }

    public IReadOnlyList<ImageOutcome> Outcomes { get; internal set; } = [];

    /// <summary>
    /// State and images as one consistent view. Pollers must use this: reading the images first and the
    /// state second could report 'completed' with no images when the task finishes in between.
    /// </summary>
    public (SimTaskState State, IReadOnlyList<ImageOutcome> Outcomes) Snapshot()
    {
        var state = State;
        return (state, state == SimTaskState.Running ? [] : Outcomes);
    }

    public SimErrorKind? ErrorKind { get; internal set; }

    public string? ErrorMessage { get; internal set; }

    /// <summary>Where to POST the result when done, and the dialect's body for it.</summary>
    public string? CallbackUrl { get; init; }

    public Func<SimTask, JsonNode>? CallbackBody { get; init; }

    /// <summary>Completes when the task leaves <see cref="SimTaskState.Running"/> (synchronous front-ends wait on it).</summary>
    public Task Done => _done.Task;

    internal ITimer? Timer { get; set; }

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal void MarkDone() => _done.TrySetResult();
}
