using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Testing;

/// <summary>
/// A provider in memory: answers with PNGs unique per prompt, injects faults per (prompt, attempt),
/// speaks either a synchronous or a task dialect, and counts every submission and poll.
/// </summary>
internal sealed class FakeImageProvider : IImageProvider
{
    private readonly ConcurrentDictionary<string, int> _submits = new();
    private readonly ConcurrentDictionary<string, int> _polls = new();
    private readonly ConcurrentDictionary<string, string> _taskPrompts = new();
    private int _inFlight;
    private int _maxInFlight;

    public ProviderDialect Dialect => ProviderDialect.Ark;

    /// <summary>Answer with a task id to poll (Kie/Sinan style) instead of the images (Ark style).</summary>
    public bool UsesTasks { get; init; }

    /// <summary>(prompt, 1-based attempt) → an exception to throw from submit, or null to succeed.</summary>
    public Func<string, int, Exception?> Fault { get; init; } = (_, _) => null;

    /// <summary>(prompt, 1-based poll) → an exception to throw from a poll of a task, or null to answer.</summary>
    public Func<string, int, Exception?> PollFault { get; init; } = (_, _) => null;

    /// <summary>Awaited inside every submission, between sending and answering (to hold jobs in flight).</summary>
    public Func<string, CancellationToken, Task> Latency { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>Awaited inside every poll of a task.</summary>
    public Func<string, CancellationToken, Task> PollLatency { get; init; } = (_, _) => Task.CompletedTask;

    /// <summary>The images of an answer instead of the default unique PNGs (<see cref="Answer"/>); null for the default.</summary>
    public Func<GenerationRequest, IReadOnlyList<GeneratedImage>?> ImagesFor { get; init; } = _ => null;

    /// <summary>Images of an answer the provider reports failed (a partial success); default: none.</summary>
    public Func<GenerationRequest, IReadOnlyList<ImageFailure>> FailedImagesFor { get; init; } = _ => [];

    /// <summary>Images billed per request; default: as many as asked for.</summary>
    public Func<GenerationRequest, int> BilledImages { get; init; } = r => r.ImageCount;

    public int TotalSubmits => _submits.Values.Sum();

    public int TotalPolls => _polls.Values.Sum();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int SubmitsFor(string prompt) => _submits.GetValueOrDefault(prompt);

    /// <summary>Registers a task an "earlier run" created, so a resume can poll it.</summary>
    public void KnowTask(string taskId, string prompt) => _taskPrompts[taskId] = prompt;

    public async Task<ProviderHandle> SubmitAsync(GenerationRequest request, string jobKey, CancellationToken cancellationToken)
    {
        var attempt = _submits.AddOrUpdate(request.Prompt, 1, (_, n) => n + 1);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            await Latency(request.Prompt, cancellationToken);
            if (Fault(request.Prompt, attempt) is { } fault)
            {
                throw fault;
            }

            if (UsesTasks)
            {
                var taskId = $"task-{Guid.NewGuid():N}";
                _taskPrompts[taskId] = request.Prompt;
                return new Handle(request, jobKey, taskId, null);
            }

            return new Handle(request, jobKey, null, Answer(request));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public async IAsyncEnumerable<ProviderOutput> AwaitAsync(ProviderHandle handle, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var answer = ((Handle)handle).Outputs;
        if (answer is null)
        {
            var prompt = _taskPrompts[handle.TaskId!];
            var poll = _polls.AddOrUpdate(prompt, 1, (_, n) => n + 1);
            await PollLatency(prompt, cancellationToken);
            if (PollFault(prompt, poll) is { } fault)
            {
                throw fault;
            }

            answer = Answer(handle.Request);
        }

        foreach (var output in answer)
        {
            yield return output;
        }
    }

    public Task<ProviderHandle?> TryResumeAsync(GenerationRequest request, string jobKey, string taskId, CancellationToken cancellationToken) =>
        Task.FromResult<ProviderHandle?>(new Handle(request, jobKey, taskId, null));

    public void Dispose()
    {
    }

    private List<ProviderOutput> Answer(GenerationRequest request)
    {
        var seed = (byte)(request.Prompt.GetHashCode(StringComparison.Ordinal) & 0xFF);
        var images = ImagesFor(request) is { } custom
            ? custom.Select((image, position) => image.Index < 0 ? image with { Index = position } : image)
            : Enumerable.Range(0, request.ImageCount).Select(i => new GeneratedImage(i, null, TestImages.Png(64 + i, 64, 2048, seed)));
        return [.. images, .. FailedImagesFor(request), new BilledUsage(BilledImages(request), null, true)];
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private sealed class Handle(GenerationRequest request, string jobKey, string? taskId, IReadOnlyList<ProviderOutput>? outputs)
        : ProviderHandle(request, jobKey, taskId)
    {
        public IReadOnlyList<ProviderOutput>? Outputs { get; } = outputs;
    }
}
