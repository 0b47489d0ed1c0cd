namespace SeedreamBatch.Core.Models;

/// <summary>Canonical model names as written in manifests (<c>models: [seedream-4.5]</c>).</summary>
public static class SeedreamModelNames
{
    private static readonly (string Name, SeedreamModel Model)[] Names =
    [
        ("seedream-5.0-lite", SeedreamModel.Seedream50Lite),
        ("seedream-5.0-pro", SeedreamModel.Seedream50Pro),
        ("seedream-5.0-flash", SeedreamModel.Seedream50Flash),
        ("seedream-4.5", SeedreamModel.Seedream45),
        ("seedream-4.0", SeedreamModel.Seedream40),
        ("seedream-3.0-t2i", SeedreamModel.Seedream30T2I),
        ("seededit-3.0", SeedreamModel.SeedEdit30),
    ];

    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static string ToName(this SeedreamModel model) => Names.First(n => n.Model == model).Name;

    public static bool TryParse(string? text, out SeedreamModel model)
    {
        foreach (var (name, value) in Names)
        {
            if (string.Equals(text, name, StringComparison.OrdinalIgnoreCase))
            {
                model = value;
                return true;
            }
        }

        model = default;
        return false;
    }
}
