namespace SeedreamBatch.Core.Models;

/// <summary>A Seedream model under its provider-neutral canonical name; each dialect maps it to its own id.</summary>
public enum SeedreamModel
{
    Seedream50Lite,

    /// <summary>Seedream 5.0 Pro (Ark only; secondary sources, docs/provider-apis.md §1).</summary>
    Seedream50Pro,

    /// <summary>Seedream 5.0 Flash (Ark only; id from a reseller, capabilities unconfirmed).</summary>
    Seedream50Flash,
    Seedream45,
    Seedream40,
    Seedream30T2I,
    SeedEdit30,
}
