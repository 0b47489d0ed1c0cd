using System.Text.RegularExpressions;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

/// <summary>
/// Every file in Manifest/Broken is wrong in one way and ends with '# expect: &lt;where&gt; | &lt;message start&gt;' lines
/// (at the end, so they shift no line numbers). Validation must report exactly those errors: each at its place,
/// none missing, none extra — one precise located message per problem.
/// </summary>
public sealed partial class BrokenManifestCorpusTests
{
    private static readonly string Folder = RepoPaths.Of("tests", "SeedreamBatch.Core.Tests", "Manifest", "Broken");

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Corpus_HasAtLeastFortyBrokenInputs() => Assert.True(Files().Count >= 40);

    [Theory]
    [MemberData(nameof(Files))]
    public void Validate_BrokenInput_ReportsExactlyTheExpectedLocatedErrors(string name)
    {
        var path = Path.Combine(Folder, name);
        var expected = ExpectLine().Matches(File.ReadAllText(path)).Select(m => (Where: m.Groups[1].Value, Message: m.Groups[2].Value.Trim())).ToList();
        Assert.NotEmpty(expected);

        var errors = Validate(path).Where(d => d.IsError).ToList();

        Assert.True(errors.Count == expected.Count,
            $"expected {expected.Count} error(s), got {errors.Count}:\n{string.Join("\n", errors)}");
        foreach (var (where, message) in expected)
        {
            Assert.Contains(errors, e => SamePlace(e.Location, where, path) && e.Message.StartsWith(message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_SecretsInBaseUrl_NeverEchoed()
    {
        var errors = Validate(Path.Combine(Folder, "provider-base-url-with-password.yaml"));

        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.DoesNotContain("hunter2", e.ToString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("sk-live-123", e.ToString(), StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("abc", e.ToString(), StringComparison.Ordinal));
    }

    private static IReadOnlyList<Diagnostic> Validate(string path)
    {
        var load = ManifestLoader.Load(path);
        return load.Pipeline is null
            ? load.Diagnostics
            : PlanBuilder.Build(load.Pipeline, ManifestFiles.Run, previewJobs: 0, loadDiagnostics: load.Diagnostics).Diagnostics;
    }

    /// <summary>'-' = the manifest itself, no line; '10:3' = in the manifest; 'data/x.csv:3' = in another file.</summary>
    private static bool SamePlace(SourceLocation actual, string where, string manifest)
    {
        var file = manifest;
        var position = where;
        var colon = where.IndexOf(':', StringComparison.Ordinal);
        if (where == "-")
        {
            position = "";
        }
        else if (!char.IsDigit(where[0]))
        {
            file = Path.Combine(Folder, colon < 0 ? where : where[..colon]);
            position = colon < 0 ? "" : where[(colon + 1)..];
        }

        var shown = actual.Line <= 0 ? "" : actual.Column <= 0 ? $"{actual.Line}" : $"{actual.Line}:{actual.Column}";
        return Path.GetFullPath(actual.File) == Path.GetFullPath(file) && shown == position;
    }

    [GeneratedRegex(@"^# expect: (\S+) \| (.+)$", RegexOptions.Multiline)]
    private static partial Regex ExpectLine();
}
