using SeedreamBatch.Simulator.Dialects;
using SeedreamBatch.Simulator.Images;
using SeedreamBatch.Simulator.Ledger;

namespace SeedreamBatch.Simulator.Generation;

/// <summary>Turns a validated order into served images and ledger charges; shared by every dialect.</summary>
internal sealed class ImageGenerator(SimContext sim)
{
    /// <summary>Content policy on the inputs and the images-per-minute limit: checked before any simulated work.</summary>
    public void Admit(GenerationOrder order)
    {
        var faults = sim.Faults;
        if (PromptMarkers.Contains(order.Prompt, faults.ContentMarker))
        {
            throw new SimRequestException(SimErrorKind.InputTextSensitive, "The request failed because the input text may contain sensitive information.", "prompt");
        }

        if (order.References.Any(r => PromptMarkers.Contains(r, faults.ContentMarker)))
        {
            throw new SimRequestException(SimErrorKind.InputImageSensitive, "The request failed because the input image may contain sensitive information.", "image");
        }

        if (sim.Limiter.TryAcquire("images:" + order.ApiKey, faults.ImagesPerMinute, order.Count) is { } wait)
        {
            throw new SimRequestException(SimErrorKind.ImageRateLimited, $"The request has exceeded the images-per-minute limit ({faults.ImagesPerMinute}) for this key. Please retry later.")
            {
                RetryAfter = wait,
            };
        }
    }

    /// <summary>The simulated time the whole order takes: request latency plus per-image latency.</summary>
    public TimeSpan SampleDuration(int images)
    {
        var total = sim.Random.Sample(sim.Faults.RequestLatency);
        for (var i = 0; i < images; i++)
        {
            total += sim.Random.Sample(sim.Faults.PerImageLatency);
        }

        return total;
    }

    /// <summary>
    /// Synchronous generation: waits the simulated time, produces every image, charges the successes. The work and
    /// its charge do not depend on <paramref name="ct"/> (the client's connection): a client that hangs up only stops
    /// waiting for the answer, as with the real services, which bill what they accepted.
    /// </summary>
    public Task<IReadOnlyList<ImageOutcome>> GenerateAsync(GenerationOrder order, Uri baseUri, bool inline, string reference, CancellationToken ct, TimeSpan? duration = null) =>
        GenerateDetachedAsync(order, baseUri, inline, reference, duration ?? SampleDuration(order.Count)).WaitAsync(ct);

    /// <summary>The request latency, then the per-image wait and outcome of each image in turn (an Ark stream), independent of the client.</summary>
    public async IAsyncEnumerable<ImageOutcome> ProduceEachAsync(GenerationOrder order, Uri baseUri, bool inline)
    {
        await sim.DelayAsync(sim.Random.Sample(sim.Faults.RequestLatency), sim.Stopping);
        for (var i = 0; i < order.Count; i++)
        {
            await sim.DelayAsync(sim.Random.Sample(sim.Faults.PerImageLatency), sim.Stopping);
            yield return Produce(order, i, baseUri, inline);
        }
    }

    private async Task<IReadOnlyList<ImageOutcome>> GenerateDetachedAsync(GenerationOrder order, Uri baseUri, bool inline, string reference, TimeSpan duration)
    {
        await sim.DelayAsync(duration, sim.Stopping);
        return Complete(order, baseUri, inline, reference);
    }

    /// <summary>Produces every image at once (the wait is the caller's), charges the successes, throws when none succeeded.</summary>
    public IReadOnlyList<ImageOutcome> Complete(GenerationOrder order, Uri baseUri, bool inline, string reference)
    {
        var outcomes = new ImageOutcome[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            outcomes[i] = Produce(order, i, baseUri, inline);
        }

        Charge(order, outcomes.Count(o => o.Succeeded), reference);
        ThrowIfAllFailed(outcomes);
        return outcomes;
    }

    /// <summary>One image: fails by the output marker (first image) or the partial-failure rate, otherwise gets a URL.</summary>
    public ImageOutcome Produce(GenerationOrder order, int index, Uri baseUri, bool inline)
    {
        if (index == 0 && PromptMarkers.Contains(order.Prompt, sim.Faults.OutputContentMarker))
        {
            return new ImageOutcome(index, order.Size, null, null, SimErrorKind.OutputImageSensitive,
                "The request failed because the output image may contain sensitive information.");
        }

        if (sim.Faults.PartialFailureRate > 0 && sim.Random.NextDouble() < sim.Faults.PartialFailureRate)
        {
            return new ImageOutcome(index, order.Size, null, null, SimErrorKind.InternalError, "The service encountered an unexpected internal error while generating this image.");
        }

        // Models that ignore seeds draw something new every time, as the real ones do.
        var seed = order.Seed ?? (sim.Options.ReproducibleUnseededModels ? 0 : sim.Random.NextLong());
        var spec = ImageSpec.For(order.Model, order.Prompt, seed, order.Width, order.Height, index, order.Format);
        var id = sim.Files.Register(spec);
        sim.Stats.Images(1);
        return new ImageOutcome(index, order.Size, new Uri(baseUri, "/files/" + id).ToString(), inline ? sim.Images.Get(spec) : null, null, null, spec);
    }

    public void Charge(GenerationOrder order, int images, string reference) =>
        sim.Ledger.Record(new LedgerCharge(sim.Time.GetUtcNow(), order.ApiKey, order.Dialect, order.Model, order.Job, order.Prompt, images, order.UnitPriceUsd, reference));

    public static void ThrowIfAllFailed(IReadOnlyList<ImageOutcome> outcomes)
    {
        if (outcomes.Count == 0 || outcomes.Any(o => o.Succeeded))
        {
            return;
        }

        var first = outcomes[0];
        throw new SimRequestException(first.Error ?? SimErrorKind.InternalError, first.ErrorMessage ?? "generation failed");
    }
}
