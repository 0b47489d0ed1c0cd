using System.Globalization;
using System.Net;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Providers;

/// <summary>
/// How to reach one provider: the manifest's <c>providers: { ark: { ... } }</c> block (YAML names in each
/// summary). Start from <see cref="DefaultsFor"/> and override what the manifest sets; <see cref="Validate"/>
/// lists every problem at once. Holds the <em>name</em> of the key's environment variable, never the key.
/// </summary>
public sealed record ProviderSettings
{
    /// <summary>Default Ark host (international region).</summary>
    public const string ArkDefaultBaseUrl = "https://ark.ap-southeast.bytepluses.com";

    /// <summary>Ark's China-region host.</summary>
    public const string ArkChinaBaseUrl = "https://ark.cn-beijing.volces.com";

    public const string AceDataDefaultBaseUrl = "https://api.acedata.cloud";

    /// <summary>The apiin.one shape of the KIE API (seed 004) is the default.</summary>
    public const string KieDefaultBaseUrl = "https://apiin.one";

    public const string KieAiHost = "api.kie.ai";

    /// <summary>fal.ai's queue host (docs/provider-apis.md §6).</summary>
    public const string FalDefaultBaseUrl = "https://queue.fal.run";

    public const string ReplicateDefaultBaseUrl = "https://api.replicate.com";

    /// <summary>Placeholder for the task id in <see cref="SinanTaskPath"/>.</summary>
    public const string TaskIdPlaceholder = "{id}";

    public required ProviderDialect Dialect { get; init; }

    /// <summary><c>base_url</c>. Null means the dialect's default; OpenAI-compatible and Sinan have none and require it.</summary>
    public string? BaseUrl { get; init; }

    /// <summary><c>api_key_env</c>: the environment variable holding the key (default <c>ARK_API_KEY</c>, <c>ACEDATA_API_KEY</c>...).</summary>
    public required string ApiKeyEnv { get; init; }

    /// <summary><c>region</c> (Ark only: <c>intl</c> or <c>china</c>). Null: derived from the host.</summary>
    public ArkRegion? Region { get; init; }

    /// <summary><c>concurrency</c>: requests in flight at once (default 8 for Ark, 4 elsewhere). Also caps connections.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary><c>images_per_minute</c>: account image quota the engine paces to (Ark default 500); null = none.</summary>
    public int? ImagesPerMinute { get; init; }

    /// <summary><c>requests_per_minute</c>; null = none.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>
    /// <c>timeout</c>: one HTTP attempt, to the full response (sync dialects) or to the response headers (streams).
    /// Null (the default): fitted to the work, see <see cref="TimeoutFor"/>.
    /// </summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>
    /// The time one paid attempt asking for <paramref name="images"/> images may take: <see cref="RequestTimeout"/> when
    /// configured, else 5 min + 40 s per image, at most 15 min. Ark measured about 26 s for one 2K image and answers a
    /// whole group synchronously (docs/provider-apis.md §1 "Time"); a fixed 3 min cut 15-image requests that were
    /// still being generated, and billed.
    /// </summary>
    public TimeSpan TimeoutFor(int images) =>
        RequestTimeout ?? TimeSpan.FromTicks(Math.Min(
            (TimeSpan.FromMinutes(5) + (TimeSpan.FromSeconds(40) * Math.Max(1, images))).Ticks,
            TimeSpan.FromMinutes(15).Ticks));

    /// <summary>A free status request (a poll): <see cref="RequestTimeout"/> when configured, else 1 minute.</summary>
    public TimeSpan PollTimeout => RequestTimeout ?? TimeSpan.FromMinutes(1);

    /// <summary><c>task_timeout</c>: the longest an async task or an SSE stream may take overall (default 15 minutes).</summary>
    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary><c>poll_interval</c>: first wait between task polls (default 2 s); it grows by half each poll.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary><c>max_poll_interval</c>: the longest wait between polls (default 20 s).</summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// <c>max_retries</c>: poll and transport retries per request, in the adapter (default 3): polls on 429, 408, 5xx,
    /// timeouts and broken connections; paid requests only on a connection never established. A paid request the
    /// provider refused is governed by <see cref="PaidRateLimitRetries"/> (429) and <see cref="PaidRefusalRetries"/> (5xx).
    /// </summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>
    /// How often the adapter itself resends a paid request refused with 429 before handing the error (with its
    /// <c>Retry-After</c>) to the engine. Default 0: the engine's adaptive limiter must see every 429, and retries
    /// here would multiply with the engine's. Not a manifest key.
    /// </summary>
    public int PaidRateLimitRetries { get; init; }

    /// <summary>
    /// How often the adapter itself resends a paid request the provider refused with one of its documented 5xx (Ark 500
    /// <c>InternalServiceError</c>, a 503 with <c>Retry-After</c>) before handing the
    /// error (with its <c>Retry-After</c>) to the engine. Default 0: the engine retries it within <c>retry.attempts</c>
    /// and counts every submission; retries here would multiply with the engine's (up to attempts × (1 + max_retries)
    /// sends of one job) and go uncounted. Not a manifest key.
    /// </summary>
    public int PaidRefusalRetries { get; init; }

    /// <summary>
    /// <c>max_retry_delay</c>: the longest transport backoff (default 60 s). A <c>Retry-After</c> longer than this is
    /// not waited out in the adapter: the error goes to the engine, whose limiter holds every job back.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>allow_insecure</c>: accept a plain <c>http://</c> base URL off loopback (the key would travel in clear).</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>
    /// <c>async</c> (Ace Data; default true): submit with <c>async: true</c> and poll the free <c>/seedream/tasks</c>, so
    /// the task id is known at once and a crash or timeout resumes by polling instead of paying again. <c>false</c>
    /// waits for the images in the one paid request (nothing to resume if it breaks).
    /// </summary>
    public bool Async { get; init; }

    /// <summary><c>callback_listen</c> (Ace Data): local prefix the embedded receiver listens on, e.g. <c>http://127.0.0.1:8787/</c>.</summary>
    public string? CallbackListen { get; init; }

    /// <summary><c>callback_public_url</c> (Ace Data): the address the provider POSTs results to (a tunnel to the listener).</summary>
    public string? CallbackPublicUrl { get; init; }

    /// <summary>
    /// <c>create_path</c> (Sinan): the create-task path, <c>POST /v1/generate/vol/seedream</c> in the provider's docs
    /// (docs.sinancode.com …/endpoint/seedream; docs/provider-apis.md §4). Configurable for look-alike gateways.
    /// </summary>
    public string SinanCreatePath { get; init; } = "/v1/generate/vol/seedream";

    /// <summary><c>task_path</c> (Sinan): the fetch-task path with <c>{id}</c> for the task id (<c>GET /v1/tasks/{id}</c>, …/get-task).</summary>
    public string SinanTaskPath { get; init; } = "/v1/tasks/" + TaskIdPlaceholder;

    /// <summary><c>api</c> (KIE: <c>apiin</c> or <c>kie</c>). Null: KIE.ai when the host is <c>api.kie.ai</c>, else apiin.one.</summary>
    public KieApi? KieApi { get; init; }

    /// <summary>
    /// <c>endpoints</c> (Ark only): an endpoint id (<c>ep-…</c>) to send as <c>model</c> in place of a model's id, per
    /// canonical model (docs/provider-apis.md §1: <c>model</c> may be an endpoint id, either region). Empty when none.
    /// </summary>
    public IReadOnlyDictionary<SeedreamModel, string> Endpoints { get; init; } = new Dictionary<SeedreamModel, string>();

    /// <summary>
    /// The documented defaults for a dialect. Ace Data defaults to <see cref="Async"/>: its task id arrives at once and
    /// polling is free, so an interrupted job is fetched rather than paid for twice.
    /// </summary>
    public static ProviderSettings DefaultsFor(ProviderDialect dialect) => dialect switch
    {
        ProviderDialect.Ark => new() { Dialect = dialect, BaseUrl = ArkDefaultBaseUrl, ApiKeyEnv = "ARK_API_KEY", Concurrency = 8, ImagesPerMinute = 500 },
        ProviderDialect.AceData => new() { Dialect = dialect, BaseUrl = AceDataDefaultBaseUrl, ApiKeyEnv = "ACEDATA_API_KEY", Async = true },
        ProviderDialect.OpenAICompatible => new() { Dialect = dialect, ApiKeyEnv = "OPENAI_API_KEY" },
        ProviderDialect.Sinan => new() { Dialect = dialect, ApiKeyEnv = "SINAN_API_KEY" },
        ProviderDialect.Kie => new() { Dialect = dialect, BaseUrl = KieDefaultBaseUrl, ApiKeyEnv = "KIE_API_KEY" },
        ProviderDialect.Fal => new() { Dialect = dialect, BaseUrl = FalDefaultBaseUrl, ApiKeyEnv = "FAL_KEY" },
        // 600 prediction creates per minute (docs/provider-apis.md §6).
        ProviderDialect.Replicate => new() { Dialect = dialect, BaseUrl = ReplicateDefaultBaseUrl, ApiKeyEnv = "REPLICATE_API_TOKEN", RequestsPerMinute = 600 },
        _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "unknown dialect"),
    };

    /// <summary>The base URL as a URI, or null when it is missing or not an absolute http(s) URL.</summary>
    public Uri? BaseUri =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;

    /// <summary>The Ark region in effect: the explicit one, else the one its host serves.</summary>
    public ArkRegion EffectiveRegion => Region ?? RegionOfHost(BaseUri);

    /// <summary>The Ark region a base URL's host serves: China for <c>volces.com</c>, else international.</summary>
    public static ArkRegion RegionOfHost(Uri? baseUri) =>
        baseUri?.Host.EndsWith("volces.com", StringComparison.OrdinalIgnoreCase) == true ? ArkRegion.China : ArkRegion.International;

    /// <summary>Whether model ids must be the China-region ones (pass to <c>ModelCapabilities.ModelIdFor</c>).</summary>
    public bool IsChinaRegion => Dialect == ProviderDialect.Ark && EffectiveRegion == ArkRegion.China;

    /// <summary>The KIE wire shape in effect.</summary>
    public KieApi EffectiveKieApi =>
        KieApi ?? (string.Equals(BaseUri?.Host, KieAiHost, StringComparison.OrdinalIgnoreCase) ? Providers.KieApi.KieAi : Providers.KieApi.ApiInOne);

    /// <summary>
    /// These settings with the region (Ark) and wire shape (KIE) fixed from the manifest's own base_url: the jobs' model
    /// ids are chosen from them, and pointing the base URL at the simulator later must not switch them.
    /// </summary>
    public ProviderSettings Pinned() => Dialect switch
    {
        ProviderDialect.Ark => this with { Region = EffectiveRegion },
        ProviderDialect.Kie => this with { KieApi = EffectiveKieApi },
        _ => this,
    };

    /// <summary>Whether the Ace Data callback receiver is configured.</summary>
    public bool HasCallback => CallbackPublicUrl is not null;

    /// <summary>Every problem, one sentence each, named by their YAML keys; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        ValidateBaseUrl(problems);

        if (string.IsNullOrWhiteSpace(ApiKeyEnv) || !ApiKeyEnv.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            problems.Add($"api_key_env '{ApiKeyEnv}' is not an environment variable name (letters, digits, '_'); put the key in the environment, not in the manifest");
        }

        if (Concurrency < 1)
        {
            problems.Add($"concurrency must be at least 1, got {Concurrency}");
        }

        if (ImagesPerMinute is < 1 || RequestsPerMinute is < 1)
        {
            problems.Add("images_per_minute and requests_per_minute must be positive when set");
        }

        if (RequestTimeout is { } timeout)
        {
            Positive(problems, "timeout", timeout);
        }
        Positive(problems, "task_timeout", TaskTimeout);
        Positive(problems, "poll_interval", PollInterval);
        if (MaxPollInterval < PollInterval)
        {
            problems.Add($"max_poll_interval ({MaxPollInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s) is shorter than poll_interval");
        }

        if (MaxRetries is < 0 or > 10)
        {
            problems.Add($"max_retries must be 0..10, got {MaxRetries}");
        }

        if (PaidRateLimitRetries is < 0 or > 10)
        {
            problems.Add($"paid rate-limit retries must be 0..10, got {PaidRateLimitRetries}");
        }

        if (PaidRefusalRetries is < 0 or > 10)
        {
            problems.Add($"paid refusal retries must be 0..10, got {PaidRefusalRetries}");
        }

        Positive(problems, "max_retry_delay", MaxRetryDelay);
        if (Region is not null && Dialect != ProviderDialect.Ark)
        {
            problems.Add("region applies to ark only");
        }

        ValidateCallback(problems);
        if (Dialect == ProviderDialect.Sinan)
        {
            if (!SinanCreatePath.StartsWith('/') || !SinanTaskPath.StartsWith('/'))
            {
                problems.Add("create_path and task_path must start with '/'");
            }

            if (!SinanTaskPath.Contains(TaskIdPlaceholder, StringComparison.Ordinal))
            {
                problems.Add($"task_path '{SinanTaskPath}' must contain {TaskIdPlaceholder} where the task id goes");
            }
        }

        return problems;
    }

    /// <summary>True for <c>localhost</c>, 127.0.0.0/8 and ::1: the only hosts where plain http cannot leak the key.</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private void ValidateBaseUrl(List<string> problems)
    {
        var name = Dialect.ToName();
        if (string.IsNullOrWhiteSpace(BaseUrl))
        {
            problems.Add($"base_url is required for provider '{name}' (its public documentation names no fixed host)");
            return;
        }

        if (BaseUri is not { } uri)
        {
            problems.Add($"base_url '{BaseUrl}' is not an absolute http(s) URL");
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !AllowInsecure && !IsLoopback(uri))
        {
            problems.Add($"base_url '{BaseUrl}' is plain http: the API key would travel unencrypted; use https, or set allow_insecure: true");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add($"base_url '{BaseUrl}' must not carry a query or user info (keys go in api_key_env)");
        }
    }

    private void ValidateCallback(List<string> problems)
    {
        if (CallbackListen is null && CallbackPublicUrl is null)
        {
            return;
        }

        if (Dialect != ProviderDialect.AceData)
        {
            problems.Add("callback_listen and callback_public_url apply to acedata only");
            return;
        }

        if (CallbackListen is null || CallbackPublicUrl is null)
        {
            problems.Add("callback_listen and callback_public_url must be set together (listen locally, publish the public address)");
            return;
        }

        if (!Uri.TryCreate(CallbackListen, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp)
        {
            problems.Add($"callback_listen '{CallbackListen}' must be an http:// prefix such as http://127.0.0.1:8787/ (TLS ends at the tunnel)");
        }

        if (!Uri.TryCreate(CallbackPublicUrl, UriKind.Absolute, out var pub) || (pub.Scheme != Uri.UriSchemeHttps && pub.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"callback_public_url '{CallbackPublicUrl}' is not an absolute http(s) URL");
        }
        else if (pub.Scheme == Uri.UriSchemeHttp && !AllowInsecure && !IsLoopback(pub))
        {
            problems.Add($"callback_public_url '{CallbackPublicUrl}' is plain http; use https, or set allow_insecure: true");
        }
    }

    private static void Positive(List<string> problems, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{name} must be positive");
        }
    }
}
