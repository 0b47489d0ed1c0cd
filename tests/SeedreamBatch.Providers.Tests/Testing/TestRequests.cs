using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;

namespace SeedreamBatch.Providers.Tests.Testing;

/// <summary>Builds requests the way expansion does: model id from the capability table, size parsed from manifest text.</summary>
internal static class TestRequests
{
    public const string ApiKey = "sk-test-0123456789abcdef";
    public const string JobKey = "job-0001";

    /// <summary>Where these tests' fake clocks start (midnight, not the shared default of 09:00).</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);

    public static GenerationRequest For(
        ProviderDialect dialect,
        SeedreamModel model,
        string size = "2048x2048",
        int count = 1,
        IReadOnlyList<ReferenceImage>? references = null,
        GenerationOptions? options = null,
        int? seed = null,
        string prompt = "a white siamese cat",
        bool china = false)
    {
        var caps = CapabilityTable.Find(dialect, model) ?? throw new ArgumentException($"{dialect} has no {model}");
        if (!ImageSize.TryParse(size, out var parsed, out var error))
        {
            throw new ArgumentException(error);
        }

        references ??= [];
        return new GenerationRequest(dialect, model, caps.ModelIdFor(china, references.Count > 0), prompt, parsed, seed, references, count, options ?? GenerationOptions.Default);
    }

    public static ProviderSettings Settings(ProviderDialect dialect, string? baseUrl = null) =>
        ProviderSettings.DefaultsFor(dialect) with
        {
            BaseUrl = baseUrl ?? ProviderSettings.DefaultsFor(dialect).BaseUrl ?? "https://gateway.example.com",
            PollInterval = TimeSpan.FromSeconds(2),
            MaxPollInterval = TimeSpan.FromSeconds(8),
        };

    public static ProviderBase Create(ProviderSettings settings, HttpMessageHandler handler, TimeProvider? time = null, IProviderLog? log = null) =>
        (ProviderBase)ProviderFactory.Create(settings.Dialect, settings, ApiKey, time ?? new FakeClock(ClockStart), log, null, handler);

    public static async Task<List<ProviderOutput>> RunAsync(IImageProvider provider, GenerationRequest request, string jobKey = JobKey)
    {
        var handle = await provider.SubmitAsync(request, jobKey, CancellationToken.None);
        return await DrainAsync(provider, handle);
    }

    public static async Task<List<ProviderOutput>> DrainAsync(IImageProvider provider, ProviderHandle handle)
    {
        var outputs = new List<ProviderOutput>();
        await foreach (var output in provider.AwaitAsync(handle, CancellationToken.None))
        {
            outputs.Add(output);
        }

        return outputs;
    }
}
