using System.Text.Json;
using System.Text.RegularExpressions;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Cli.Tests.Docs;

/// <summary>
/// Keeps README.md and docs/*.md true: every fenced block is checked by its language, every relative link must point
/// at a file of the repo. <c>bash</c>/<c>sh</c>: each <c>seedream-batch</c> command must parse with the real command tree
/// (commands and flags exist), and <c>validate</c>/<c>plan</c> of a manifest in the repo must succeed when run;
/// other commands must be a script of the repo or a common tool. <c>yaml</c>: a whole manifest must load and plan
/// without errors; a fragment must be YAML whose top-level keys the manifest accepts. <c>json</c> must parse. A block
/// that only illustrates (screen output, C# sketches) says so with <c>&lt;!-- snippet: illustrative --&gt;</c> on the
/// line before its fence: never skipped silently.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class DocsSnippetTests
{
    private const string OptOut = "<!-- snippet: illustrative -->";

    private static readonly HashSet<string> CommonTools = new(StringComparer.Ordinal) { "sed", "curl", "rm", "cat", "cd", "export", "mkdir", "cp", "ls", "dotnet", "docker" };

    public static TheoryData<string> Documents()
    {
        var root = CliRun.RepoPath();
        return [.. new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Select(p => Path.GetRelativePath(root, p).Replace('\\', '/')).Order(StringComparer.Ordinal))];
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_EveryFencedBlock_IsTrueOrMarkedIllustrative(string document)
    {
        var root = CliRun.RepoPath();
        var problems = new List<string>();
        foreach (var block in Blocks(File.ReadAllLines(Path.Combine(root, document))))
        {
            var at = $"{document}:{block.Line}";
            if (block.OptedOut)
            {
                continue;
            }

            switch (block.Language)
            {
                case "bash" or "sh":
                    problems.AddRange(CheckCommands(root, block).Select(p => $"{at}: {p}"));
                    break;
                case "yaml" or "yml":
                    problems.AddRange(CheckYaml(root, block).Select(p => $"{at}: {p}"));
                    break;
                case "json":
                    try
                    {
                        using var _ = JsonDocument.Parse(string.Join('\n', block.Lines));
                    }
                    catch (JsonException e)
                    {
                        problems.Add($"{at}: invalid JSON: {e.Message}");
                    }

                    break;
                default:
                    problems.Add($"{at}: a ```{block.Language} block is not checked: make it bash/sh/yaml/json, or put {OptOut} on the line before it");
                    break;
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_EveryRelativeLink_PointsAtAFileOfTheRepo(string document)
    {
        var root = CliRun.RepoPath();
        var folder = Path.GetDirectoryName(Path.Combine(root, document))!;
        var missing = LinkPattern().Matches(File.ReadAllText(Path.Combine(root, document)))
            .Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(t => t.Split('#')[0])
            .Where(t => !File.Exists(Path.Combine(folder, t)) && !Directory.Exists(Path.Combine(folder, t)))
            .ToList();

        Assert.True(missing.Count == 0, $"{document} links to files not in the repo: {string.Join(", ", missing)}");
    }

    private static IEnumerable<string> CheckCommands(string root, Block block)
    {
        foreach (var raw in JoinContinuations(block.Lines))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            // One command per line; what follows ';', '&', '|', '>' or a comment is another command or a redirection.
            foreach (var command in CommandSeparators().Split(StripComment(line)).Select(c => c.Trim()).Where(c => c.Length > 0))
            {
                var words = Words(command).SkipWhile(w => EnvironmentAssignment().IsMatch(w)).ToList();
                if (words.Count == 0 || words[0].StartsWith('>'))
                {
                    continue;
                }

                var program = words[0];
                if (program is "./seedream-batch" or "seedream-batch")
                {
                    if (CheckSeedreamBatch(root, [.. words.Skip(1)]) is { } problem)
                    {
                        yield return $"`{command}`: {problem}";
                    }
                }
                else if (program.StartsWith("./", StringComparison.Ordinal) || program.StartsWith("scripts/", StringComparison.Ordinal))
                {
                    if (!File.Exists(Path.Combine(root, program.StartsWith("./", StringComparison.Ordinal) ? program[2..] : program)))
                    {
                        yield return $"`{command}`: {program} is not a file of the repo";
                    }
                }
                else if (!CommonTools.Contains(program))
                {
                    yield return $"`{command}`: {program} is neither seedream-batch, a script of the repo nor a common tool";
                }
            }
        }
    }

    /// <summary>A command continued with a trailing backslash is one line.</summary>
    private static IEnumerable<string> JoinContinuations(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var line in lines)
        {
            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith('\\'))
            {
                pending += trimmed[..^1] + " ";
                continue;
            }

            yield return pending + line;
            pending = "";
        }

        if (pending.Length > 0)
        {
            yield return pending;
        }
    }

    /// <summary>Parses with the real command tree; a free command on a manifest of the repo is also run.</summary>
    private static string? CheckSeedreamBatch(string root, string[] args)
    {
        var parse = CliApp.BuildRoot(TimeProvider.System).Parse(args);
        if (parse.Errors.Count > 0)
        {
            return string.Join("; ", parse.Errors.Select(e => e.Message));
        }

        if (args.Length >= 2 && args[0] is "validate" or "plan" && args[1].EndsWith(".yaml", StringComparison.Ordinal) && File.Exists(Path.Combine(root, args[1])))
        {
            var previous = Environment.CurrentDirectory;
            Environment.CurrentDirectory = root;
            try
            {
                var (code, _, error) = CliRun.Invoke(args);
                return code == ExitCodes.Success ? null : $"exit {code}: {error.Trim()}";
            }
            finally
            {
                Environment.CurrentDirectory = previous;
            }
        }

        return null;
    }

    private static IEnumerable<string> CheckYaml(string root, Block block)
    {
        var text = string.Join('\n', block.Lines);
        if (text.Contains("\nversion:", StringComparison.Ordinal) || text.StartsWith("version:", StringComparison.Ordinal))
        {
            // A whole manifest: loaded and planned like `plan` would, next to the repo's pipelines (relative files resolve).
            var path = Path.Combine(root, "pipelines", $".snippet-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(path, text);
            try
            {
                var load = ManifestLoader.Load(path);
                var diagnostics = load.Pipeline is { } pipeline
                    ? PlanBuilder.Build(pipeline, Core.Jobs.RunContext.Start(TimeProvider.System), 0, null, load.Diagnostics).Diagnostics
                    : load.Diagnostics;
                foreach (var d in diagnostics.Where(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error))
                {
                    yield return $"manifest snippet: {d.Message}";
                }
            }
            finally
            {
                File.Delete(path);
            }

            yield break;
        }

        var yaml = new YamlStream();
        string? error = null;
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            error = $"invalid YAML: {e.Message}";
        }

        if (error is not null)
        {
            yield return error;
            yield break;
        }

        if (yaml.Documents.Count > 0 && yaml.Documents[0].RootNode is YamlMappingNode map)
        {
            foreach (var key in map.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(k => !ManifestKeys.Root.Contains(k)))
            {
                yield return $"manifest fragment: '{key}' is not a top-level manifest key";
            }
        }
    }

    private static string StripComment(string line)
    {
        var at = line.IndexOf(" #", StringComparison.Ordinal);
        return at < 0 ? line : line[..at];
    }

    private static IEnumerable<string> Words(string command) =>
        WordPattern().Matches(command).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Success ? m.Groups[2].Value : m.Value);

    private static List<Block> Blocks(string[] lines)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                continue;
            }

            var language = lines[i][3..].Trim();
            var optedOut = i > 0 && lines[i - 1].Trim() == OptOut;
            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            blocks.Add(new Block(start, language.Length == 0 ? "(none)" : language, optedOut, lines[start..Math.Min(end, lines.Length)]));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\s*(?:;|&&|\|\||\||&|(?=>))\s*")]
    private static partial Regex CommandSeparators();

    [GeneratedRegex(@"^[A-Z_][A-Z0-9_]*=\S*$")]
    private static partial Regex EnvironmentAssignment();

    [GeneratedRegex(@"""([^""]*)""|'([^']*)'|\S+")]
    private static partial Regex WordPattern();

    private sealed record Block(int Line, string Language, bool OptedOut, string[] Lines);
}
