using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Expansion;

namespace SeedreamBatch.Core.Tests.Expansion;

public sealed class MatrixExpanderTests
{
    private static readonly SourceLocation At = new("pipeline.yaml", 5, 3);

    private static MatrixAxis Axis(string name, params string[] values) => new(name, values, At);

    private static MatrixEntry Entry(params (string Key, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Key, p => p.Value), At);

    private static MatrixSpec Spec(MatrixAxis[] axes, MatrixEntry[]? include = null, MatrixEntry[]? exclude = null) =>
        new(axes, include ?? [], exclude ?? []);

    /// <summary>Each combination as "k=v,k=v" in its key order, so tests check both values and order.</summary>
    private static string[] Flat(IReadOnlyList<IReadOnlyDictionary<string, string>> combinations) =>
        [.. combinations.Select(c => string.Join(",", c.Select(p => $"{p.Key}={p.Value}")))];

    [Fact]
    public void Expand_TwoAxes_FirstAxisVariesSlowest()
    {
        // GitHub docs: version [10, 12, 14] × os [ubuntu-latest, windows-latest], jobs in this order.
        var result = MatrixExpander.Expand(Spec([Axis("version", "10", "12", "14"), Axis("os", "ubuntu-latest", "windows-latest")]));

        Assert.Equal(
            [
                "version=10,os=ubuntu-latest", "version=10,os=windows-latest",
                "version=12,os=ubuntu-latest", "version=12,os=windows-latest",
                "version=14,os=ubuntu-latest", "version=14,os=windows-latest",
            ],
            Flat(result));
    }

    [Fact]
    public void Expand_GitHubFruitAnimalIncludeExample_MatchesDocumentedResult()
    {
        var spec = Spec(
            [Axis("fruit", "apple", "pear"), Axis("animal", "cat", "dog")],
            include:
            [
                Entry(("color", "green")),
                Entry(("color", "pink"), ("animal", "cat")),
                Entry(("fruit", "apple"), ("shape", "circle")),
                Entry(("fruit", "banana")),
                Entry(("fruit", "banana"), ("animal", "cat")),
            ]);

        var result = MatrixExpander.Expand(spec);

        Assert.Equal(
            [
                "fruit=apple,animal=cat,color=pink,shape=circle",
                "fruit=apple,animal=dog,color=green,shape=circle",
                "fruit=pear,animal=cat,color=pink",
                "fruit=pear,animal=dog,color=green",
                "fruit=banana",
                "fruit=banana,animal=cat",
            ],
            Flat(result));
    }

    [Fact]
    public void Expand_GitHubOsVersionExcludeExample_RemovesPartialMatches()
    {
        var spec = Spec(
            [Axis("os", "macos-latest", "windows-latest"), Axis("version", "12", "14", "16"), Axis("environment", "staging", "production")],
            exclude:
            [
                Entry(("os", "macos-latest"), ("version", "12"), ("environment", "production")),
                Entry(("os", "windows-latest"), ("version", "16")),
            ]);

        var result = Flat(MatrixExpander.Expand(spec));

        Assert.Equal(9, result.Length);
        Assert.DoesNotContain("os=macos-latest,version=12,environment=production", result);
        Assert.DoesNotContain(result, c => c.StartsWith("os=windows-latest,version=16", StringComparison.Ordinal));
        Assert.Contains("os=macos-latest,version=12,environment=staging", result);
        Assert.Equal("os=macos-latest,version=12,environment=staging", result[0]);
    }

    [Fact]
    public void Expand_IncludeOnly_IncludesAreTheCombinations()
    {
        var spec = Spec([], include: [Entry(("site", "production"), ("datacenter", "site-a")), Entry(("site", "staging"), ("datacenter", "site-b"))]);

        Assert.Equal(["site=production,datacenter=site-a", "site=staging,datacenter=site-b"], Flat(MatrixExpander.Expand(spec)));
    }

    [Fact]
    public void Expand_IncludeConflictingWithAxisValue_AddsNewCombination()
    {
        // GitHub docs: os [windows, linux] × node [14, 16] + { os: windows, node: 17 } → a fifth job.
        var spec = Spec(
            [Axis("os", "windows-latest", "ubuntu-latest"), Axis("node", "14", "16")],
            include: [Entry(("os", "windows-latest"), ("node", "17"))]);

        var result = Flat(MatrixExpander.Expand(spec));

        Assert.Equal(5, result.Length);
        Assert.Equal("os=windows-latest,node=17", result[4]);
    }

    [Fact]
    public void Expand_IncludeWithExtraKeyMatchingAxis_ExtendsOnlyMatchingCombinations()
    {
        // GitHub docs: add npm: 6 to the { os: windows-latest, node: 16 } job only.
        var spec = Spec(
            [Axis("os", "windows-latest", "ubuntu-latest"), Axis("node", "14", "16")],
            include: [Entry(("os", "windows-latest"), ("node", "16"), ("npm", "6"))]);

        Assert.Equal(
            ["os=windows-latest,node=14", "os=windows-latest,node=16,npm=6", "os=ubuntu-latest,node=14", "os=ubuntu-latest,node=16"],
            Flat(MatrixExpander.Expand(spec)));
    }

    [Fact]
    public void Expand_IncludeAfterExclude_CanAddExcludedCombinationBack()
    {
        var spec = Spec(
            [Axis("style", "studio", "lifestyle")],
            include: [Entry(("style", "lifestyle"), ("mood", "warm"))],
            exclude: [Entry(("style", "lifestyle"))]);

        Assert.Equal(["style=studio", "style=lifestyle,mood=warm"], Flat(MatrixExpander.Expand(spec)));
    }

    [Fact]
    public void Expand_EverythingExcluded_ExtraKeyIncludeBecomesOwnCombination()
    {
        var spec = Spec([Axis("a", "1")], include: [Entry(("b", "2"))], exclude: [Entry(("a", "1"))]);

        Assert.Equal(["b=2"], Flat(MatrixExpander.Expand(spec)));
    }

    [Fact]
    public void Expand_LaterIncludeOverwritesEarlierIncludeButNotAxis()
    {
        var spec = Spec(
            [Axis("a", "1", "2")],
            include: [Entry(("x", "first")), Entry(("x", "second"), ("a", "2")), Entry(("a", "3"), ("x", "third"))]);

        Assert.Equal(["a=1,x=first", "a=2,x=second", "a=3,x=third"], Flat(MatrixExpander.Expand(spec)));
    }

    [Fact]
    public void Expand_AxisWithNoValues_NoCombinationsEvenWithIncludes()
    {
        var spec = Spec([Axis("a", "1"), Axis("b")], include: [Entry(("c", "3"))]);

        Assert.Empty(MatrixExpander.Expand(spec));
    }

    [Fact]
    public void Expand_NothingDeclared_NoCombinations()
    {
        Assert.Empty(MatrixExpander.Expand(MatrixSpec.Empty));
    }

    [Fact]
    public void Expand_ThreeAxes_CountIsProductAndLastAxisFastest()
    {
        var result = Flat(MatrixExpander.Expand(Spec([Axis("a", "1", "2"), Axis("b", "x", "y", "z"), Axis("c", "p", "q")])));

        Assert.Equal(12, result.Length);
        Assert.Equal(["a=1,b=x,c=p", "a=1,b=x,c=q", "a=1,b=y,c=p"], result[..3]);
        Assert.Equal("a=2,b=z,c=q", result[^1]);
    }

    [Fact]
    public void Check_ValidMatrix_NoDiagnostics()
    {
        var spec = Spec([Axis("a", "1", "2")], include: [Entry(("b", "x"))], exclude: [Entry(("a", "2"))]);

        Assert.Empty(MatrixExpander.Check(spec));
    }

    [Fact]
    public void Check_ExcludeKeyNotAnAxis_ErrorLikeGitHub()
    {
        var spec = Spec([Axis("a", "1")], include: [Entry(("build", "x"))], exclude: [Entry(("build", "x"))]);

        var diagnostic = Assert.Single(MatrixExpander.Check(spec));

        Assert.True(diagnostic.IsError);
        Assert.Contains("'build' is not a matrix variable", diagnostic.Message, StringComparison.Ordinal);
        Assert.Equal(At, diagnostic.Location);
    }

    [Fact]
    public void Check_ExcludeMatchingNothing_Warning()
    {
        var diagnostic = Assert.Single(MatrixExpander.Check(Spec([Axis("a", "1"), Axis("b", "x")], exclude: [Entry(("a", "1"), ("b", "y"))])));

        Assert.False(diagnostic.IsError);
        Assert.Contains("matches no combination: 'y' is not a value of 'b'", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_DuplicateAndEmptyAxes_Errors()
    {
        var second = new MatrixAxis("a", ["3"], new SourceLocation("pipeline.yaml", 9, 3));

        var diagnostics = MatrixExpander.Check(Spec([Axis("a", "1"), second, Axis("empty")]));

        Assert.Equal(2, diagnostics.Count);
        Assert.All(diagnostics, d => Assert.True(d.IsError));
        Assert.Equal(second.Location, diagnostics[0].Location);
        Assert.Contains("declared twice", diagnostics[0].Message, StringComparison.Ordinal);
        Assert.Contains("'empty' has no values", diagnostics[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_EmptyInclude_Warning()
    {
        var diagnostic = Assert.Single(MatrixExpander.Check(Spec([Axis("a", "1")], include: [Entry()])));

        Assert.False(diagnostic.IsError);
    }
}
