namespace SeedreamBatch.Simulator.Generation;

/// <summary>
/// USD per successful image, as each dialect bills (docs/provider-apis.md). Where a service publishes no
/// price the Ark list price of the same model is used; every entry can be overridden.
/// </summary>
internal sealed class PriceTable(IDictionary<string, decimal> overrides)
{
    public decimal For(string dialect, string model)
    {
        if (overrides.TryGetValue($"{dialect}/{model}", out var p))
        {
            return p;
        }

        var m = model.ToLowerInvariant();
        return dialect switch
        {
            "acedata" => m.Contains("seededit", StringComparison.Ordinal) ? 0.046m
                : m.Contains("3-0", StringComparison.Ordinal) || m.Contains("3.0", StringComparison.Ordinal) ? 0.038m
                : m.Contains("4-5", StringComparison.Ordinal) || m.Contains("4.5", StringComparison.Ordinal) ? 0.037m
                : 0.030m,
            "kie" => 0.024m,

            // fal: $0.03 v4, $0.035 v5 lite (§6); its 4.5 price is unpublished, Ark's used. Replicate: $0.03.
            "fal" => m.Contains("v5", StringComparison.Ordinal) ? 0.035m : m.Contains("v4.5", StringComparison.Ordinal) ? 0.04m : 0.03m,
            "replicate" => 0.03m,
            // 5.0 Flash: about $0.018 at a reseller (docs/provider-apis.md §1).
            _ when m.Contains("flash", StringComparison.Ordinal) => 0.018m,
            _ => m.Contains("4-5", StringComparison.Ordinal) || m.Contains("4.5", StringComparison.Ordinal) ? 0.04m
                : m.Contains("5-0", StringComparison.Ordinal) || m.Contains("5.0", StringComparison.Ordinal) ? 0.035m
                : 0.03m,
        };
    }
}
