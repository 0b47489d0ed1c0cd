using System.CommandLine;
using SeedreamBatch.Core.Manifest;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>--env</c>, <c>--set</c> and <c>--show-effective</c>: the options that change or show which manifest a command reads.</summary>
internal sealed class ManifestOptions
{
    public Option<string?> Env { get; } = new("--env")
    {
        Description = "Merge the manifest's overlays.<NAME> over it (e.g. --env prod).",
    };

    public Option<string[]> Set { get; } = new("--set")
    {
        Description = "Override one value: --set key.path=value (repeatable, applied after --env), e.g. --set budget.max_cost_usd=25.",
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<bool> ShowEffective { get; } = new("--show-effective")
    {
        Description = "Print the effective manifest (after --env and --set) as YAML.",
    };

    /// <summary>Adds <c>--env</c> and <c>--set</c> (and <c>--show-effective</c> when asked) to <paramref name="command"/>.</summary>
    public void AddTo(Command command, bool showEffective = false)
    {
        command.Options.Add(Env);
        command.Options.Add(Set);
        if (showEffective)
        {
            command.Options.Add(ShowEffective);
        }
    }

    public ManifestOverrides Read(ParseResult parse) =>
        new(parse.GetValue(Env), parse.GetValue(Set) ?? []);

    /// <summary>The effective manifest on stdout, with a header line saying what made it.</summary>
    public static void PrintEffective(string path, ManifestOverrides overrides, ManifestLoadResult load, TextWriter output)
    {
        if (load.EffectiveYaml is null)
        {
            return;
        }

        var made = overrides.IsEmpty ? "" : $" with{(overrides.Environment is { } env ? $" --env {env}" : "")}{string.Concat(overrides.Sets.Select(s => $" --set {s}"))}";
        output.WriteLine($"# effective manifest: {ManifestLoader.DisplayPath(path)}{made}");
        output.Write(load.EffectiveYaml);
    }
}
