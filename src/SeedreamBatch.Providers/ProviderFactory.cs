using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Providers.AceData;
using SeedreamBatch.Providers.Ark;
using SeedreamBatch.Providers.Fal;
using SeedreamBatch.Providers.Http;
using SeedreamBatch.Providers.Kie;
using SeedreamBatch.Providers.OpenAICompatible;
using SeedreamBatch.Providers.Replicate;
using SeedreamBatch.Providers.Sinan;

namespace SeedreamBatch.Providers;

/// <summary>The composition root for adapters: the CLI and the engine build providers here and nowhere else.</summary>
public static class ProviderFactory
{
    /// <summary>
    /// Builds the adapter for <paramref name="dialect"/>. Throws <see cref="ArgumentException"/> listing every
    /// settings problem (plain http off loopback without <c>allow_insecure</c> included) — with no key in it.
    /// </summary>
    /// <param name="dialect">The wire format (the manifest's <c>provider:</c>; <c>sim</c> is Ark against the simulator).</param>
    /// <param name="settings">From <see cref="ProviderSettings.DefaultsFor"/> plus the manifest's overrides.</param>
    /// <param name="apiKey">The key, read from the environment variable the settings name (<see cref="ReadApiKey"/>).</param>
    /// <param name="timeProvider">The clock for timeouts, backoff and polling.</param>
    /// <param name="log">Retries, polls and callbacks, one redacted line each; null for none.</param>
    /// <param name="prices">For billed usage where the provider reports none; <see cref="PriceTable.BuiltIn"/> when null.</param>
    public static IImageProvider Create(
        ProviderDialect dialect,
        ProviderSettings settings,
        string apiKey,
        TimeProvider timeProvider,
        IProviderLog? log = null,
        PriceTable? prices = null) =>
        Create(dialect, settings, apiKey, timeProvider, log, prices, handler: null);

    /// <summary>
    /// The key from the environment variable named by <c>api_key_env</c>. The error names the variable, never a value.
    /// </summary>
    public static string ReadApiKey(ProviderSettings settings, Func<string, string?>? environment = null)
    {
        var value = (environment ?? Environment.GetEnvironmentVariable)(settings.ApiKeyEnv);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException($"the environment variable {settings.ApiKeyEnv} (api_key_env of provider '{settings.Dialect.ToName()}') is not set")
            : value.Trim();
    }

    /// <summary>Tests pass a handler to stand in for the network.</summary>
    internal static IImageProvider Create(
        ProviderDialect dialect,
        ProviderSettings settings,
        string apiKey,
        TimeProvider timeProvider,
        IProviderLog? log,
        PriceTable? prices,
        HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (settings.Dialect != dialect)
        {
            throw new ArgumentException($"settings are for '{settings.Dialect.ToName()}', not '{dialect.ToName()}'", nameof(settings));
        }

        var problems = settings.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"provider '{dialect.ToName()}': " + string.Join("; ", problems), nameof(settings));
        }

        var redactor = new SecretRedactor(apiKey);
        var redactingLog = new RedactingLog(log, redactor);
        // The receiver binds a port and may fail; start it before anything that would need disposing.
        var receiver = dialect == ProviderDialect.AceData ? StartReceiver(settings, redactingLog) : null;
        var http = new ProviderHttp(settings, apiKey, timeProvider, redactingLog, redactor, handler);
        var context = new ProviderContext(settings, http, timeProvider, prices ?? PriceTable.BuiltIn);
        return dialect switch
        {
            ProviderDialect.Ark => new ArkProvider(context),
            ProviderDialect.AceData => new AceDataProvider(context, receiver),
            ProviderDialect.OpenAICompatible => new OpenAICompatibleProvider(context),
            ProviderDialect.Sinan => new SinanProvider(context),
            ProviderDialect.Kie => new KieProvider(context),
            ProviderDialect.Fal => new FalProvider(context),
            ProviderDialect.Replicate => new ReplicateProvider(context),
            _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "unknown dialect"),
        };
    }

    private static AceDataCallbackReceiver? StartReceiver(ProviderSettings settings, RedactingLog log)
    {
        if (!settings.HasCallback)
        {
            return null;
        }

        var receiver = new AceDataCallbackReceiver(settings.CallbackListen!, settings.CallbackPublicUrl!, log);
        receiver.Start();
        return receiver;
    }
}
