using SeedreamBatch.Engine.Pipeline;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Tests.Pipeline;

/// <summary>
/// The pay / don't-pay table of a rerun, row by row, from facts alone: no state store, no files, no clock. The facts
/// that cost IO are answered only when the policy asks, and the tests check it asks no more than its branch needs.
/// </summary>
public sealed class ResumePolicyTests
{
    private const string Key = "job-key";
    private const string Recipe = "recipe-1";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly string?[] TwoUrls = ["https://cdn.example/0.png", "https://cdn.example/1.png"];

    [Fact]
    public void Decide_DoneWithIntactFiles_SkipsWithoutPaying()
    {
        var (decision, asked) = Resolve(Facts(Record(JobStatus.Done, billed: 2, urls: TwoUrls)));

        Assert.Equal(WorkAction.SkipDone, decision.Action);
        Assert.Null(decision.Failure);
        Assert.Equal([ResumeFact.Record, ResumeFact.Originals, ResumeFact.Variants], asked);
    }

    [Fact]
    public void Decide_Force_GeneratesWithoutReadingTheRecord()
    {
        var decision = ResumePolicy.Decide(Facts(Record(JobStatus.Done)) with { Regenerate = true, RecordRead = false });

        Assert.Null(decision.Need);
        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Null(decision.PinnedProvider);
    }

    [Fact]
    public void Decide_NoRecord_Generates()
    {
        var (decision, _) = Resolve(Facts(null));

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Null(decision.Failure);
    }

    [Fact]
    public void Decide_SimulatedRecordOnRealEndpoint_GeneratesWithoutReadingMore()
    {
        var record = Record(JobStatus.Done, billed: 1, urls: TwoUrls) with { Simulated = true, FailedImageCount = 1 };

        var (decision, asked) = Resolve(Facts(record));

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Null(decision.PinnedProvider);
        Assert.Equal([ResumeFact.Record], asked);
    }

    [Fact]
    public void Decide_SimulatedRecordOnSimulator_SkipsTheDoneJob()
    {
        var record = Record(JobStatus.Done, billed: 1, urls: TwoUrls) with { Simulated = true };

        var (decision, _) = Resolve(Facts(record) with { EndpointSimulated = true });

        Assert.Equal(WorkAction.SkipDone, decision.Action);
    }

    [Fact]
    public void Decide_UnknownOutcomeWithoutRetryUnknown_FailsWithoutPaying()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Submitting)));

        Assert.Equal(FailureKind.UnknownOutcomeAfterCrash, decision.Failure?.Kind);
        Assert.Equal("ark", decision.PinnedProvider);
    }

    [Fact]
    public void Decide_UnknownOutcomeWithRetryUnknown_GeneratesAtTheSameProvider()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Submitting)) with { RetryUnknown = true });

        Assert.Null(decision.Failure);
        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Equal("ark", decision.PinnedProvider);
    }

    [Theory]
    [InlineData(JobStatus.Submitting)]
    [InlineData(JobStatus.Submitted)]
    public void Decide_RecordedTask_ResumesItAtItsProvider(JobStatus status)
    {
        var (decision, _) = Resolve(Facts(Record(status) with { TaskId = "task-7" }));

        Assert.Equal((WorkAction.ResumeTask, "task-7", "ark"), (decision.Action, decision.TaskId, decision.PinnedProvider));
    }

    [Fact]
    public void Decide_DoneOriginalsGoneUrlsLive_RedownloadsForFree()
    {
        var record = Record(JobStatus.Done, billed: 2, urls: ["https://cdn.example/0.png", null, "https://cdn.example/2.png"]);

        var (decision, asked) = Resolve(Facts(record), originalsIntact: false);

        Assert.Equal(WorkAction.Redownload, decision.Action);
        Assert.Equal([0, 2], decision.Redownload);
        Assert.DoesNotContain(ResumeFact.Variants, asked);
    }

    [Fact]
    public void Decide_DoneOriginalsGoneUrlsExpired_GeneratesAndWarnsItPays()
    {
        var record = Record(JobStatus.Done, billed: 2, urls: TwoUrls) with { GeneratedAt = Now.AddHours(-25) };

        var (decision, _) = Resolve(Facts(record), originalsIntact: false);

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Equal("files missing: regenerating, paid", decision.Warning);
    }

    [Fact]
    public void Decide_GeneratedOriginalsLostWithUrls_RedownloadsEvenIfOld()
    {
        var record = Record(JobStatus.Generated, billed: 2, urls: TwoUrls) with { GeneratedAt = Now.AddHours(-25) };

        var (decision, _) = Resolve(Facts(record), originalsIntact: false);

        Assert.Equal((WorkAction.Redownload, 2), (decision.Action, decision.Redownload.Count));
    }

    [Fact]
    public void Decide_GeneratedInlineImagesLostWithoutRetryUnknown_FailsAsUnknownOutcome()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Generated, billed: 2)), originalsIntact: false);

        Assert.Equal(FailureKind.UnknownOutcomeAfterCrash, decision.Failure?.Kind);
        Assert.Equal("ark", decision.PinnedProvider);
    }

    [Fact]
    public void Decide_GeneratedInlineImagesLostWithRetryUnknown_GeneratesAndWarns()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Generated, billed: 2)) with { RetryUnknown = true }, originalsIntact: false);

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.NotNull(decision.Warning);
    }

    [Fact]
    public void Decide_GeneratedCrashMidDownloads_FetchesOnlyTheImagesNotYetDownloaded()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Generated, billed: 2, urls: TwoUrls)), intactOriginals: [0]);

        Assert.Equal(WorkAction.Redownload, decision.Action);
        Assert.Equal([1], decision.Redownload);
    }

    [Fact]
    public void Decide_DoneRecipeChanged_ReprocessesWithoutCheckingVariants()
    {
        var record = Record(JobStatus.Done, billed: 2, urls: TwoUrls) with { ProcessingKey = "recipe-0" };

        var (decision, asked) = Resolve(Facts(record));

        Assert.Equal(WorkAction.Reprocess, decision.Action);
        Assert.DoesNotContain(ResumeFact.Variants, asked);
    }

    [Fact]
    public void Decide_DoneVariantsDamaged_Reprocesses()
    {
        var (decision, _) = Resolve(Facts(Record(JobStatus.Done, billed: 2, urls: TwoUrls)), variantsIntact: false);

        Assert.Equal(WorkAction.Reprocess, decision.Action);
    }

    [Fact]
    public void Decide_DonePartlyWithRetryFailedAndLiveUrls_RedownloadsOnlyTheFailedDownload()
    {
        var record = Record(JobStatus.Done, billed: 2, urls: TwoUrls) with { FailedImageCount = 1 };
        var failed = new ImageFailureRecord(1, new JobFailure(FailureKind.DownloadFailed, "404", "gone"));

        var (decision, asked) = Resolve(Facts(record) with { RetryFailed = true }, failedImages: [failed], intactOriginals: [0]);

        Assert.Equal([1], decision.Redownload);
        Assert.Equal([1], decision.MissingImages);
        Assert.Contains(ResumeFact.FailedImages, asked);
    }

    [Fact]
    public void Decide_DonePartlyImageRefusedWithRetryFailed_SkipsAndKeepsTheImageMissing()
    {
        var record = Record(JobStatus.Done, billed: 1, urls: TwoUrls) with { FailedImageCount = 1 };
        var refused = new ImageFailureRecord(1, new JobFailure(FailureKind.ContentPolicy, null, "refused"));

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true }, failedImages: [refused], intactOriginals: [0]);

        Assert.Equal(WorkAction.SkipDone, decision.Action);
        Assert.Equal([1], decision.MissingImages);
    }

    [Fact]
    public void Decide_FailedWithoutRetryFailed_SkipsTheFailedJob()
    {
        var (decision, _) = Resolve(Facts(Failed(FailureKind.RetriesExhausted)));

        Assert.Equal(WorkAction.SkipFailed, decision.Action);
    }

    [Fact]
    public void Decide_RetryFailedOnUnbilledFailure_Generates()
    {
        var (decision, asked) = Resolve(Facts(Failed(FailureKind.RetriesExhausted)) with { RetryFailed = true });

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Null(decision.PinnedProvider);
        Assert.Equal([ResumeFact.Record], asked);
    }

    [Fact]
    public void Decide_RetryFailedOnUnknownOutcome_SkipsIt()
    {
        var (decision, _) = Resolve(Facts(Failed(FailureKind.UnknownOutcome)) with { RetryFailed = true });

        Assert.Equal(WorkAction.SkipFailed, decision.Action);
        Assert.Equal("ark", decision.PinnedProvider);
    }

    [Fact]
    public void Decide_RetryFailedOnAKindThisVersionDoesNotKnow_SkipsItAsAnUnknownOutcome()
    {
        // A newer version's kind may mean "may have been charged": --retry-failed alone never pays for it again.
        var (decision, _) = Resolve(Facts(Failed(FailureKind.Parse("quota_paused"))) with { RetryFailed = true });

        Assert.Equal((WorkAction.SkipFailed, "ark"), (decision.Action, decision.PinnedProvider));
    }

    [Fact]
    public void Decide_RetryUnknownOnUnknownOutcome_GeneratesAtTheSameProvider()
    {
        var (decision, _) = Resolve(Facts(Failed(FailureKind.UnknownOutcome)) with { RetryUnknown = true });

        Assert.Equal((WorkAction.Generate, "ark"), (decision.Action, decision.PinnedProvider));
    }

    [Fact]
    public void Decide_RetryFailedWithRecordedTask_PollsTheTask()
    {
        var record = Failed(FailureKind.UnknownOutcome) with { TaskId = "task-9" };

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true });

        Assert.Equal((WorkAction.ResumeTask, "task-9", "ark"), (decision.Action, decision.TaskId, decision.PinnedProvider));
    }

    [Fact]
    public void Decide_RetryFailedOnFailedTask_SubmitsAgainInsteadOfPolling()
    {
        var record = Failed(FailureKind.TaskFailed) with { TaskId = "task-9" };

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true });

        Assert.Equal(WorkAction.Generate, decision.Action);
    }

    [Fact]
    public void Decide_BilledDownloadFailureWithLiveUrls_Redownloads()
    {
        var record = Failed(FailureKind.DownloadFailed, billed: 2) with { ResultUrls = TwoUrls };

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true });

        Assert.Equal((WorkAction.Redownload, 2), (decision.Action, decision.Redownload.Count));
        Assert.Equal("ark", decision.PinnedProvider);
    }

    [Fact]
    public void Decide_BilledDownloadFailureUrlsExpiredWithoutRetryUnknown_FailsUrlsExpired()
    {
        var record = Failed(FailureKind.DownloadFailed, billed: 2) with { ResultUrls = TwoUrls, GeneratedAt = Now.AddHours(-24.5) };

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true });

        Assert.Equal((FailureKind.DownloadFailed, "urls_expired"), (decision.Failure?.Kind, decision.Failure?.Code));
    }

    [Fact]
    public void Decide_BilledDownloadFailureUrlsExpiredWithRetryUnknown_Generates()
    {
        var record = Failed(FailureKind.DownloadFailed, billed: 2) with { ResultUrls = TwoUrls, GeneratedAt = Now.AddHours(-24.5) };

        var (decision, _) = Resolve(Facts(record) with { RetryFailed = true, RetryUnknown = true });

        Assert.Equal(WorkAction.Generate, decision.Action);
        Assert.Null(decision.Failure);
    }

    [Fact]
    public void Decide_BilledPostProcessFailureWithIntactOriginals_ReprocessesForFree()
    {
        var (decision, asked) = Resolve(Facts(Failed(FailureKind.PostProcessFailed, billed: 2)) with { RetryFailed = true });

        Assert.Equal(WorkAction.Reprocess, decision.Action);
        Assert.Equal([ResumeFact.Record, ResumeFact.Originals], asked);
    }

    [Fact]
    public void Decide_BilledFailureWithNothingToFetch_FailsRatherThanPayAgain()
    {
        var (decision, _) = Resolve(Facts(Failed(FailureKind.PostProcessFailed, billed: 2)) with { RetryFailed = true }, originalsIntact: false);

        Assert.Equal(FailureKind.PostProcessFailed, decision.Failure?.Kind);
        Assert.Contains("--retry-unknown", decision.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_RenamesOnlyForAnsweredJobs()
    {
        var answered = ResumePolicy.Decide(Facts(Record(JobStatus.Done)) with { RecordRead = true });
        var failed = ResumePolicy.Decide(Facts(Failed(FailureKind.PostProcessFailed, billed: 1)) with { RecordRead = true, RetryFailed = true });

        Assert.Equal((ResumeFact.Originals, true), (answered.Need, answered.RenameOutputs));
        Assert.Equal((ResumeFact.Originals, false), (failed.Need, failed.RenameOutputs));
    }

    /// <summary>Answers the policy's questions from the given facts, as the stage would from the store and the files.</summary>
    private static (ResumeDecision Decision, List<ResumeFact> Asked) Resolve(
        ResumeFacts facts,
        IReadOnlyList<ImageFailureRecord>? failedImages = null,
        bool originalsIntact = true,
        IReadOnlyList<int>? intactOriginals = null,
        bool variantsIntact = true)
    {
        var asked = new List<ResumeFact>();
        var decision = ResumePolicy.Decide(facts);
        while (decision.Need is { } need)
        {
            Assert.DoesNotContain(need, asked);
            asked.Add(need);
            facts = need switch
            {
                ResumeFact.Record => facts with { RecordRead = true },
                ResumeFact.FailedImages => facts with { FailedImages = failedImages ?? [] },
                ResumeFact.Originals => facts with
                {
                    OriginalsIntact = originalsIntact,
                    IntactOriginalImages = originalsIntact ? intactOriginals ?? [0, 1] : [],
                },
                _ => facts with { VariantsIntact = variantsIntact },
            };
            decision = ResumePolicy.Decide(facts);
        }

        return (decision, asked);
    }

    /// <summary>A run with no flags on a real endpoint, the record not read yet (<see cref="Resolve"/> reads it).</summary>
    private static ResumeFacts Facts(JobRecord? record) => new() { Now = Now, ProcessingKey = Recipe, Record = record };

    private static JobRecord Record(JobStatus status, int? billed = null, IReadOnlyList<string?>? urls = null) =>
        new(Key, Recipe, status, "ark", "seedream-4-0", null, 1, 0.06m, billed is null ? null : billed * 0.03m, billed, null, urls ?? [], Now.AddHours(-1));

    private static JobRecord Failed(FailureKind kind, int? billed = null) =>
        Record(JobStatus.Failed, billed) with { Failure = new JobFailure(kind, "500", "it failed") };
}
