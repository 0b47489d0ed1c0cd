using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.State;

/// <summary>
/// Why a job or an image failed: one of a fixed set of kinds, each with a stable <see cref="Name"/> that the store, the
/// manifests, summary.json and <c>status</c> write (summaries and scripts group by it). A provider's failure is named from
/// its <see cref="ProviderErrorKind"/> (<see cref="Of"/>, <see cref="OfImage"/>), the one error taxonomy from the HTTP
/// layer to the manifest rows; the rest are the engine's own steps. Text becomes a kind only in <see cref="Parse"/> (the
/// store's reader) and a kind becomes text only through <see cref="Name"/>.
/// </summary>
public sealed record FailureKind
{
    /// <summary>A retryable error (5xx, 429, transport) that persisted through every attempt.</summary>
    public static readonly FailureKind RetriesExhausted = new("retries_exhausted");

    /// <summary>The provider refused the request and repeating it cannot help (400, 401, 403, 404).</summary>
    public static readonly FailureKind NonRetryable = new("non_retryable");

    /// <summary>The provider refused the key (missing, wrong, revoked): the run stops submitting at the first one.</summary>
    public static readonly FailureKind AuthenticationFailed = new("authentication_failed");

    /// <summary>
    /// The account cannot pay or may not use the model (overdue, out of credit or quota, model not enabled): the run stops
    /// submitting at the first one.
    /// </summary>
    public static readonly FailureKind AccountProblem = new("account_problem");

    /// <summary>Prompt, input or output image rejected by the provider's content filter.</summary>
    public static readonly FailureKind ContentPolicy = new("content_policy");

    /// <summary>
    /// A submission was recorded but the process died before the answer arrived and there is no task id to
    /// poll: the provider may have charged for it. Not resubmitted unless <c>--retry-unknown</c>.
    /// </summary>
    public static readonly FailureKind UnknownOutcomeAfterCrash = new("unknown_outcome_after_crash");

    /// <summary>
    /// The request may have reached the provider but no answer came (timeout after sending on a synchronous
    /// dialect): not retried, because a retry could pay twice.
    /// </summary>
    public static readonly FailureKind UnknownOutcome = new("unknown_outcome");

    /// <summary>
    /// The provider reported the submitted task itself failed (not billed) through every poll: a plain failure that
    /// <c>--retry-failed</c> submits again.
    /// </summary>
    public static readonly FailureKind TaskFailed = new("task_failed");

    /// <summary>
    /// One image of a job (in the image failures, never a whole job): the provider made the job's other images but
    /// refused this one for a reason other than its content filter. Not billed; not retried on its own (the provider
    /// only takes whole jobs, and submitting the job again pays again for the images it made).
    /// </summary>
    public static readonly FailureKind ImageFailed = new("image_failed");

    /// <summary>The provider answered with no image at all.</summary>
    public static readonly FailureKind NoImages = new("no_images");

    /// <summary>A result image could not be downloaded (expired URL, over the size cap, persistent transfer errors).</summary>
    public static readonly FailureKind DownloadFailed = new("download_failed");

    /// <summary>Making the variants failed.</summary>
    public static readonly FailureKind PostProcessFailed = new("post_process_failed");

    /// <summary>An unexpected engine error; the message carries the exception's.</summary>
    public static readonly FailureKind Internal = new("internal");

    /// <summary>Every kind this version records.</summary>
    public static readonly IReadOnlyList<FailureKind> All =
    [
        RetriesExhausted, NonRetryable, AuthenticationFailed, AccountProblem, ContentPolicy, UnknownOutcomeAfterCrash,
        UnknownOutcome, TaskFailed, ImageFailed, NoImages, DownloadFailed, PostProcessFailed, Internal,
    ];

    private static readonly Dictionary<string, FailureKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    private FailureKind(string name) => Name = name;

    /// <summary>The stable snake_case name, as stored and reported.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether a failure of this kind means the request may have been billed without images to show for it. A kind this
    /// version does not know counts as one: it may be a newer version's "may have been charged", and treating it as a
    /// plain failure would let <c>--retry-failed</c> pay for the job again and the money reports show less than may have
    /// been spent.
    /// </summary>
    public bool IsUnknownOutcome => this == UnknownOutcome || this == UnknownOutcomeAfterCrash || !IsKnown;

    /// <summary>Whether this version records the kind (one of <see cref="All"/>), as opposed to a name read from a store.</summary>
    public bool IsKnown => ByName.ContainsKey(Name);

    /// <summary>
    /// The kind a stored name stands for. A name this version does not know (a newer version's kind, a hand edit) is kept
    /// as it is, never refused: it reads back, and is written back, unchanged, and is treated as an unknown outcome
    /// (<see cref="IsUnknownOutcome"/>): taken up again only with <c>--retry-unknown</c>, counted as possibly billed.
    /// </summary>
    public static FailureKind Parse(string name) => ByName.GetValueOrDefault(name) ?? new FailureKind(name);

    /// <summary>A job's provider failure (its kind final, as <see cref="PaidCalls"/> throws it).</summary>
    public static FailureKind Of(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.ContentPolicy => ContentPolicy,
        ProviderErrorKind.OutcomeUnknown => UnknownOutcome,
        _ when kind.IsRetryable() => RetriesExhausted,
        ProviderErrorKind.Authentication => AuthenticationFailed,
        ProviderErrorKind.AccountProblem => AccountProblem,
        _ => NonRetryable,
    };

    /// <summary>An image the provider did not make while it made others.</summary>
    public static FailureKind OfImage(ProviderErrorKind kind) => kind switch
    {
        ProviderErrorKind.ContentPolicy => ContentPolicy,
        ProviderErrorKind.OutcomeUnknown => UnknownOutcome,
        _ => ImageFailed,
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
