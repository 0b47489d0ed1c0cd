namespace SeedreamBatch.Simulator;

/// <summary>How a simulator instance is started. Defaults suit in-process use: loopback, random port, no faults, no latency.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The API key every dialect accepts unless <see cref="ApiKeys"/> says otherwise.</summary>
    public const string DefaultApiKey = "sim-key";

    /// <summary>Request header the engine sends with its job key; ledger rows carry it.</summary>
    public const string JobHeader = "X-Seedream-Job";

    /// <summary>Address to bind; <c>127.0.0.1</c> by default. <c>0.0.0.0</c> exposes it to the network.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to bind; 0 picks a free one (read it back from <see cref="SimulatorHost.BaseUri"/>).</summary>
    public int Port { get; set; }

    /// <summary>Bearer keys accepted. Empty means any non-empty key is accepted.</summary>
    public IList<string> ApiKeys { get; } = new List<string> { DefaultApiKey };

    /// <summary>Clock for URL expiry, rate-limit windows, task progress and simulated latency.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long <c>/files</c> URLs stay valid; Ark documents 24 hours.</summary>
    public TimeSpan UrlTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Faults and latency; the host keeps this instance and exposes it as <see cref="SimulatorHost.Faults"/>.</summary>
    public FaultSettings Faults { get; set; } = new();

    /// <summary>Seed for every random decision (faults, latency samples, unseeded images); null = nondeterministic.</summary>
    public int? RandomSeed { get; set; }

    /// <summary>Sinan create-task path (docs.sinancode.com …/endpoint/seedream); configurable for look-alike gateways.</summary>
    public string SinanCreatePath { get; set; } = "/v1/generate/vol/seedream";

    /// <summary>Sinan task path (…/get-task); <c>{id}</c> is the task id.</summary>
    public string SinanTaskPath { get; set; } = "/v1/tasks/{id}";

    /// <summary>
    /// Sinan: write <c>result</c> as <c>{type, url}</c> objects instead of bare URL strings. The docs allow both, so the
    /// adapter must read either; tests switch this to check it does.
    /// </summary>
    public bool SinanResultObjects { get; set; }

    /// <summary>Sinan: images generated when <c>max_images</c> is not set ("automatic, up to 15" upstream).</summary>
    public int SinanAutoImages { get; set; } = 1;

    /// <summary>Ark: reject <c>seed</c>/<c>guidance_scale</c> on models that do not take them (400) instead of ignoring them.
    /// Upstream behaviour is unconfirmed, so the lenient choice is the default.</summary>
    public bool ArkRejectUnsupportedSeed { get; set; }

    /// <summary>
    /// Ark: answer as the China host (Volcengine, <c>doubao-…</c> ids) instead of the international one (BytePlus, ids
    /// without the prefix). Either region answers the other's ids with 404 <c>InvalidEndpointOrModel.NotFound</c>.
    /// </summary>
    public bool ArkChinaRegion { get; set; }

    /// <summary>Extra Ark model ids accepted (e.g. a reseller's <c>seedream-5-0-lite-260128</c>), mapped to a known id of the region.</summary>
    public IDictionary<string, string> ArkModelAliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Ark endpoint ids (<c>ep-...</c>) and the model each one serves.</summary>
    public IDictionary<string, string> ArkEndpoints { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Ark and Ace Data: the most words a prompt may have (docs say "keep under ~600"); 0 = not enforced (the default).</summary>
    public int MaxPromptWords { get; set; }

    /// <summary>Price overrides in USD per image, keyed <c>dialect/model</c> (e.g. <c>ark/seedream-4-5-251128</c>).</summary>
    public IDictionary<string, decimal> PriceOverrides { get; } = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Models that ignore seeds draw a fresh picture each time (as upstream); set true to make them reproducible too.</summary>
    public bool ReproducibleUnseededModels { get; set; }

    /// <summary>What the pictures look like: photo-like (default) or flat and cheap (<c>--images flat</c>, for tests that do not look at pixels).</summary>
    public Images.SimImageStyle ImageStyle { get; set; } = Images.SimImageStyle.Photo;

    /// <summary>Bound on the rendered-image cache, in bytes (photo pictures; flat ones are cheaper to draw again).</summary>
    public long ImageCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Default of <see cref="HistoryLimit"/>.</summary>
    public const int DefaultHistoryLimit = 10_000;

    /// <summary>
    /// How much per-job history is kept, so memory stays flat however many jobs a run sends: the ledger's charges, the
    /// jobs in <see cref="SimStats.RequestsByJob"/> and finished async tasks (an older one answers "not found", as a
    /// provider that purged it). Totals are exact whatever it is.
    /// </summary>
    public int HistoryLimit { get; set; } = DefaultHistoryLimit;

    /// <summary>Every problem with the options, in one list (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>(Faults.Validate());
        if (Port is < 0 or > 65535)
        {
            errors.Add($"port must be 0..65535, got {Port}");
        }

        if (UrlTtl <= TimeSpan.Zero)
        {
            errors.Add("url ttl must be positive");
        }

        if (!SinanTaskPath.Contains("{id}", StringComparison.Ordinal))
        {
            errors.Add("sinan task path must contain {id}");
        }

        if (HistoryLimit < 1)
        {
            errors.Add("history limit must be at least 1");
        }

        if (SinanAutoImages is < 1 or > 15)
        {
            errors.Add("sinan auto images must be 1..15");
        }

        return errors;
    }
}
