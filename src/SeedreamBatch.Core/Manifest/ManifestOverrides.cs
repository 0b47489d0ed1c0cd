namespace SeedreamBatch.Core.Manifest;

/// <summary>What the command line changes in a manifest: the overlay chosen with <c>--env</c> and the <c>--set</c> arguments.</summary>
/// <param name="Environment">The name of an entry of the manifest's <c>overlays:</c>, or null.</param>
/// <param name="Sets">Each <c>key.path=value</c> as typed, applied in order after the overlay.</param>
public sealed record ManifestOverrides(string? Environment, IReadOnlyList<string> Sets)
{
    public static ManifestOverrides None { get; } = new(null, []);

    public bool IsEmpty => Environment is null && Sets.Count == 0;
}
