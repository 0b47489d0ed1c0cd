using System.Text.RegularExpressions;
using SeedreamBatch.Cli.Tests.Testing;

namespace SeedreamBatch.Cli.Tests.Docs;

/// <summary>
/// Comments in src cite the repo's documents (<c>docs/provider-apis.md</c>, <c>ARCHITECTURE.md</c>) as the facts
/// the code follows: each cited file must be in the repo, so a reader can follow the citation.
/// </summary>
public sealed partial class SourceCitationTests
{
    [Fact]
    public void SourceFiles_EveryCitedDocument_IsInTheRepo()
    {
        var root = CliRun.RepoPath();
        var missing = new List<string>();
        var cited = 0;
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Citation().Matches(lines[i]))
                {
                    cited++;
                    var path = m.Groups["path"].Value;
                    if (!File.Exists(Path.Combine(root, path)))
                    {
                        missing.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: {path}");
                    }
                }
            }
        }

        Assert.True(cited > 10, $"only {cited} citations found: the pattern no longer matches how src cites documents");
        Assert.Empty(missing);
    }

    // docs/x.md, bench/README.md, or a top-level document such as ARCHITECTURE.md or DESIGN.md.
    [GeneratedRegex(@"(?<![\w/.-])(?<path>(?:docs|bench|deploy)/[\w./-]+\.md|[A-Z][A-Z-]+\.md)\b")]
    private static partial Regex Citation();
}
