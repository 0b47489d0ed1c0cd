namespace SeedreamBatch.Core.Models;

/// <summary>The names users type for dialects in manifests and flags.</summary>
public static class ProviderDialectNames
{
    /// <summary>The manifest name that means "the built-in simulator", which speaks the Ark dialect.</summary>
    public const string Simulator = "sim";

    private static readonly (string Name, ProviderDialect Dialect)[] Names =
    [
        ("ark", ProviderDialect.Ark),
        ("acedata", ProviderDialect.AceData),
        ("openai", ProviderDialect.OpenAICompatible),
        ("sinan", ProviderDialect.Sinan),
        ("kie", ProviderDialect.Kie),
        ("fal", ProviderDialect.Fal),
        ("replicate", ProviderDialect.Replicate),
    ];

    /// <summary>Every accepted provider name, in documentation order (including <c>sim</c>).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name), Simulator];

    public static string ToName(this ProviderDialect dialect) => Names.First(n => n.Dialect == dialect).Name;

    /// <summary>Parses a provider name; <c>sim</c> maps to the Ark dialect (the simulator's default voice).</summary>
    public static bool TryParse(string? text, out ProviderDialect dialect)
    {
        dialect = ProviderDialect.Ark;
        if (string.Equals(text, Simulator, StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var (name, value) in Names)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                dialect = value;
                return true;
            }
        }

        return false;
    }
}
