using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// The failure kinds and their stored names: the names are what users import from the manifests, summary.json and
/// <c>status --json</c>, so they never change.
/// </summary>
public sealed class FailureKindTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    [Fact]
    public void Name_EveryKind_IsItsStableName()
    {
        Assert.Equal(
            [
                "retries_exhausted", "non_retryable", "authentication_failed", "account_problem", "content_policy",
                "unknown_outcome_after_crash", "unknown_outcome", "task_failed", "image_failed", "no_images", "download_failed",
                "post_process_failed", "internal",
            ],
            FailureKind.All.Select(k => k.Name));
        Assert.All(FailureKind.All, k => Assert.Equal(k.Name, k.ToString()));
    }

    [Fact]
    public void Parse_EveryKindsName_IsThatKind()
    {
        Assert.All(FailureKind.All, k => Assert.Same(k, FailureKind.Parse(k.Name)));
        Assert.Equal(
            [FailureKind.UnknownOutcomeAfterCrash, FailureKind.UnknownOutcome],
            FailureKind.All.Where(k => k.IsUnknownOutcome));
    }

    [Fact]
    public void OutcomeUnknownCondition_NamesThePlainKinds()
    {
        var names = string.Join(", ", FailureKind.All.Where(k => !k.IsUnknownOutcome).Select(k => $"'{k.Name}'"));

        Assert.Contains($"error_kind NOT IN ({names})", StateSchema.OutcomeUnknownCondition, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameThisVersionDoesNotKnow_KeepsTheNameAsAnUnknownOutcome()
    {
        var kind = FailureKind.Parse("quota_paused");

        Assert.Equal(("quota_paused", false, true), (kind.Name, kind.IsKnown, kind.IsUnknownOutcome));
        Assert.All(FailureKind.All, k => Assert.True(k.IsKnown));
        Assert.Equal(kind, FailureKind.Parse("quota_paused"));
        Assert.DoesNotContain(kind, FailureKind.All);
        Assert.NotEqual(FailureKind.Parse("Download_Failed"), FailureKind.DownloadFailed);
    }

    [Fact]
    public void OfAndOfImage_EveryProviderErrorKind_NamesTheJobAndTheImageFailure()
    {
        Assert.Equal(
            [
                (ProviderErrorKind.RateLimited, "retries_exhausted", "image_failed"),
                (ProviderErrorKind.ServerError, "retries_exhausted", "image_failed"),
                (ProviderErrorKind.Timeout, "retries_exhausted", "image_failed"),
                (ProviderErrorKind.Transport, "retries_exhausted", "image_failed"),
                (ProviderErrorKind.InvalidRequest, "non_retryable", "image_failed"),
                (ProviderErrorKind.Authentication, "authentication_failed", "image_failed"),
                (ProviderErrorKind.AccountProblem, "account_problem", "image_failed"),
                (ProviderErrorKind.ContentPolicy, "content_policy", "content_policy"),
                (ProviderErrorKind.NotFound, "non_retryable", "image_failed"),
                (ProviderErrorKind.PartialFailure, "non_retryable", "image_failed"),
                (ProviderErrorKind.OutcomeUnknown, "unknown_outcome", "unknown_outcome"),
            ],
            Enum.GetValues<ProviderErrorKind>().Select(k => (k, FailureKind.Of(k).Name, FailureKind.OfImage(k).Name)));
    }

    [Fact]
    public void JobFailureToString_WithAndWithoutCode_IsTheLineStatusAndReviewShow()
    {
        Assert.Equal("download_failed corrupt: not an image", new JobFailure(FailureKind.DownloadFailed, "corrupt", "not an image").ToString());
        Assert.Equal("quota_paused: later", new JobFailure(FailureKind.Parse("quota_paused"), null, "later").ToString());
    }

    [Fact]
    public async Task RecordFailed_EveryKind_ReadsBackAsThatKindForTheJobAndItsImage()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        var kinds = FailureKind.All;
        for (var i = 0; i < kinds.Count; i++)
        {
            await store.RecordFailedAsync(
                TestJobs.Create(i), "run-1", new JobFailure(kinds[i], "code", "job"), [new ImageFailureRecord(0, new JobFailure(kinds[i], null, "image"))], CancellationToken.None);
        }

        using var reader = store.OpenReader();
        for (var i = 0; i < kinds.Count; i++)
        {
            var key = TestJobs.Create(i).Key;
            Assert.Same(kinds[i], (await reader.GetJobAsync(key, CancellationToken.None))!.Failure!.Kind);
            Assert.Same(kinds[i], Assert.Single(await reader.GetFailedImagesAsync(key, CancellationToken.None)).Failure.Kind);
        }

        Assert.Equal(kinds.Select(k => k.Name).Order(StringComparer.Ordinal), (await reader.GetFailuresByKindAsync(CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task PossiblyBilled_KindThisVersionDoesNotKnow_CountsLikeAnUnknownOutcome()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        FailureKind[] kinds = [FailureKind.RetriesExhausted, FailureKind.UnknownOutcome, FailureKind.Parse("quota_paused"), FailureKind.NonRetryable];
        for (var i = 0; i < kinds.Length; i++)
        {
            await store.RecordFailedAsync(TestJobs.Create(i), "run-1", new JobFailure(kinds[i], null, "job"), [], CancellationToken.None);
        }

        using var reader = store.OpenReader();
        var (requests, _) = await reader.GetPossiblyBilledAsync(CancellationToken.None);

        Assert.Equal(2, requests);
    }

    public void Dispose() => _dir.Dispose();
}
