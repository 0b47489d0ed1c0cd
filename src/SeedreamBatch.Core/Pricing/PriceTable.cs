using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Pricing;

/// <summary>
/// Built-in prices per dialect and model (docs/provider-apis.md), overridable per manifest. Money is
/// <see cref="decimal"/> throughout so totals are exact to the cent.
/// </summary>
public sealed class PriceTable
{
    private const string ArkSource = "ModelArk pricing, secondary sources (docs/provider-apis.md §1)";
    private const string AceSource = "Ace Data Cloud Seedream API page (docs/provider-apis.md §2)";
    private const string KieSource = "apiin.one Seedream 4.5 page (docs/provider-apis.md §5)";
    private const string FalSource = "fal.ai model pages (docs/provider-apis.md §6)";
    private const string ReplicateSource = "Replicate bytedance/seedream-4 page (docs/provider-apis.md §6)";
    private const string GatewayEstimate = "not published by the gateway; Ark's price used as an estimate";
    private const string AsOf = "2026-11-21";

    private readonly Dictionary<(ProviderDialect, SeedreamModel), PriceEntry> _entries;

    private PriceTable(Dictionary<(ProviderDialect, SeedreamModel), PriceEntry> entries) => _entries = entries;

    public static PriceTable BuiltIn { get; } = new(BuildDefaults());

    /// <summary>
    /// The prices a pipeline is planned, budgeted and billed by: the built-in table with its <c>pricing:</c> overrides. A
    /// route's override sets the model's price on every provider of the route (one price per model: it is the user's
    /// statement of what an image costs them).
    /// </summary>
    public static PriceTable For(PipelineSpec pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var table = BuiltIn;
        foreach (var dialect in pipeline.Dialects)
        {
            table = table.WithOverrides(dialect, pipeline.PriceOverrides);
        }

        return table;
    }

    /// <summary>The price for a model on a dialect; null when nothing is known (no built-in and no override).</summary>
    public PriceEntry? Find(ProviderDialect dialect, SeedreamModel model) => _entries.GetValueOrDefault((dialect, model));

    /// <summary>
    /// The dearest of <paramref name="dialects"/>' prices for <paramref name="model"/> (the first such on a tie); null when
    /// none has one. On a route the estimate and the budget hold this one, so whichever provider takes a job is covered.
    /// </summary>
    public PriceEntry? Dearest(IEnumerable<ProviderDialect> dialects, SeedreamModel model) =>
        dialects.Select(d => Find(d, model)).OfType<PriceEntry>().MaxBy(e => e.UsdPerImage);

    /// <summary>A copy with the manifest's per-model prices in place of the built-in ones.</summary>
    public PriceTable WithOverrides(ProviderDialect dialect, IReadOnlyDictionary<SeedreamModel, decimal> usdPerImage)
    {
        var copy = new Dictionary<(ProviderDialect, SeedreamModel), PriceEntry>(_entries);
        foreach (var (model, price) in usdPerImage)
        {
            copy[(dialect, model)] = new PriceEntry(dialect, model, price, "manifest", AsOf);
        }

        return new PriceTable(copy);
    }

    private static Dictionary<(ProviderDialect, SeedreamModel), PriceEntry> BuildDefaults()
    {
        var d = new Dictionary<(ProviderDialect, SeedreamModel), PriceEntry>();
        void Add(ProviderDialect dialect, SeedreamModel model, decimal usd, string source, string asOf = AsOf) =>
            d[(dialect, model)] = new PriceEntry(dialect, model, usd, source, asOf);

        Add(ProviderDialect.Ark, SeedreamModel.Seedream45, 0.04m, ArkSource);
        Add(ProviderDialect.Ark, SeedreamModel.Seedream40, 0.03m, ArkSource);
        Add(ProviderDialect.Ark, SeedreamModel.Seedream50Lite, 0.035m, ArkSource);
        Add(ProviderDialect.Ark, SeedreamModel.Seedream30T2I, 0.03m, ArkSource);
        Add(ProviderDialect.Ark, SeedreamModel.SeedEdit30, 0.03m, ArkSource + "; SeedEdit's Ark price unconfirmed");

        Add(ProviderDialect.AceData, SeedreamModel.Seedream45, 0.037m, AceSource);
        Add(ProviderDialect.AceData, SeedreamModel.Seedream40, 0.030m, AceSource);
        Add(ProviderDialect.AceData, SeedreamModel.Seedream30T2I, 0.038m, AceSource);
        Add(ProviderDialect.AceData, SeedreamModel.SeedEdit30, 0.046m, AceSource);

        foreach (var dialect in new[] { ProviderDialect.OpenAICompatible, ProviderDialect.Sinan })
        {
            Add(dialect, SeedreamModel.Seedream45, 0.04m, GatewayEstimate);
            Add(dialect, SeedreamModel.Seedream40, 0.03m, GatewayEstimate);
            Add(dialect, SeedreamModel.Seedream50Lite, 0.035m, GatewayEstimate);
        }

        Add(ProviderDialect.Kie, SeedreamModel.Seedream45, 0.024m, KieSource);

        // fal's 4.5 price is not in the facts doc: no built-in figure, so a manifest must give one (plan says so).
        // Read from the updated facts doc on 2026-12-02.
        Add(ProviderDialect.Fal, SeedreamModel.Seedream40, 0.03m, FalSource, "2026-12-02");
        Add(ProviderDialect.Fal, SeedreamModel.Seedream50Lite, 0.035m, FalSource, "2026-12-02");
        Add(ProviderDialect.Replicate, SeedreamModel.Seedream40, 0.03m, ReplicateSource, "2026-12-02");
        return d;
    }
}
