using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Tests.Templating;

public sealed class TemplateTests
{
    private static readonly SourceLocation Origin = new("pipeline.yaml", 10, 13);

    private static Template Compile(string text)
    {
        var result = Template.Parse(text, Origin);
        Assert.True(result.Template is not null, string.Join("\n", result.Errors));
        return result.Template;
    }

    private static Diagnostic SingleError(string text)
    {
        var result = Template.Parse(text, Origin);
        Assert.Null(result.Template);
        return Assert.Single(result.Errors);
    }

    private static string Render(string text, params (string Path, string Value)[] variables)
    {
        var scope = new VariableScope();
        foreach (var (path, value) in variables)
        {
            scope.Set(path, value);
        }

        return Compile(text).Render(scope);
    }

    [Fact]
    public void Render_VariablesAndLiterals_SubstitutesEachHole()
    {
        Assert.Equal("A red shoe, red.", Render("A {{ color }} {{name}}, {{color}}.", ("color", "red"), ("name", "shoe")));
    }

    [Fact]
    public void Render_DottedAndHyphenatedPaths_LooksUpWholePath()
    {
        Assert.Equal("2025-01-02 / blue / X1",
            Render("{{ run.date }} / {{product.color}} / {{ sku-id }}", ("run.date", "2025-01-02"), ("product.color", "blue"), ("sku-id", "X1")));
    }

    [Fact]
    public void Parse_NoHoles_IsConstantAndRendersText()
    {
        var template = Compile("plain } { text");

        Assert.True(template.IsConstant);
        Assert.Empty(template.Variables);
        Assert.Equal("plain } { text", template.Render(new VariableScope()));
    }

    [Fact]
    public void Parse_EmptyText_IsConstantEmpty()
    {
        var template = Compile(string.Empty);

        Assert.True(template.IsConstant);
        Assert.Equal(string.Empty, template.Render(new VariableScope()));
    }

    [Fact]
    public void Parse_Holes_ReportsEveryUseWithExactLocation()
    {
        var template = Compile("ab {{ x }}\n  {{-  y.z | default: \"q\" }}{{x}}");

        Assert.False(template.IsConstant);
        Assert.Equal(
            [
                new TemplateVariableUse("x", new SourceLocation("pipeline.yaml", 10, 19), false),
                new TemplateVariableUse("y.z", new SourceLocation("pipeline.yaml", 11, 8), true),
                new TemplateVariableUse("x", new SourceLocation("pipeline.yaml", 11, 31), false),
            ],
            template.Variables);
    }

    [Theory]
    [InlineData("{{ name | lower }}", "  héllo wörld ")]
    [InlineData("{{ name | upper }}", "  HÉLLO WÖRLD ")]
    [InlineData("{{ name | trim }}", "Héllo Wörld")]
    [InlineData("{{ name | slug }}", "héllo-wörld")]
    [InlineData("{{ name | trim | truncate: 3 }}", "Hél")]
    [InlineData("{{ name | truncate: 0 }}", "")]
    [InlineData("{{ name | truncate: 100 }}", "  Héllo Wörld ")]
    [InlineData("{{ name|trim|upper|truncate:5|lower }}", "héllo")]
    public void Render_Filters_TransformValue(string text, string expected)
    {
        Assert.Equal(expected, Render(text, ("name", "  Héllo Wörld ")));
    }

    [Theory]
    [InlineData("Summer Sale: 50% OFF!!", "summer-sale-50-off")]
    [InlineData("  --Hello__World--  ", "hello-world")]
    [InlineData("红色 连衣裙 (女款)", "红色-连衣裙-女款")]
    [InlineData("Crème Brûlée", "crème-brûlée")]
    [InlineData("Ａｂｃ１２", "ａｂｃ１２")]
    [InlineData("🎉🎉", "")]
    [InlineData("a🎉b", "a-b")]
    public void Slug_Text_FollowsDocumentedRule(string input, string expected)
    {
        Assert.Equal(expected, Render("{{ v | slug }}", ("v", input)));
    }

    [Fact]
    public void Truncate_EmojiAndCombiningMarks_CountsTextElements()
    {
        // "e" + combining acute, a family emoji (one grapheme, many chars), then "x".
        var value = "e\u0301👨‍👩‍👧x";

        Assert.Equal("e\u0301👨‍👩‍👧", Render("{{ v | truncate: 2 }}", ("v", value)));
        Assert.Equal("e\u0301", Render("{{ v | truncate: 1 }}", ("v", value)));
    }

    [Fact]
    public void Render_DefaultFilter_UsedForMissingOrEmptyOnly()
    {
        var template = Compile("{{ a | default: \"none\" }}|{{ b | default: \"none\" }}|{{ c | default: 7 }}");

        Assert.Equal("none|x|7", template.Render(new VariableScope().Set("a", string.Empty).Set("b", "x")));
    }

    [Fact]
    public void Render_DefaultAfterOtherFilters_AppliesToTheirResult()
    {
        Assert.Equal("n/a", Render("{{ a | trim | default: \"n/a\" }}", ("a", "   ")));
        Assert.Equal("N/A", Render("{{ a | upper | default: \"n/a\" | upper }}"));
    }

    [Fact]
    public void Render_StringArgumentEscapes_AreUnescaped()
    {
        Assert.Equal("say \"hi\" \\ }} ok", Render("{{ a | default: \"say \\\"hi\\\" \\\\ }} ok\" }}"));
    }

    [Fact]
    public void Render_MissingVariableWithoutDefault_ThrowsWithLocationAndPath()
    {
        var template = Compile("hello\n {{ who.name | upper }}");

        var error = Assert.Throws<TemplateRenderException>(() => template.Render(new VariableScope().Set("who", "x")));

        Assert.Equal("who.name", error.Path);
        Assert.Equal(new SourceLocation("pipeline.yaml", 11, 5), error.Location);
        Assert.Contains("pipeline.yaml:11:5", error.Message, StringComparison.Ordinal);
        Assert.True(error.ToDiagnostic().IsError);
    }

    [Fact]
    public void Render_WhitespaceControl_TrimsNewlinesOnMarkedSideOnly()
    {
        var text = "a  \n\t{{- x -}}  \n  b {{ x }} c\n{{- x }}\n d";

        Assert.Equal("aXb X cX\n d", Render(text, ("x", "X")));
    }

    [Fact]
    public void Render_TrimMarkerAfterHyphenatedName_IsNotPartOfName()
    {
        Assert.Equal("[v]", Render("[ {{-sku-id-}} ]", ("sku-id", "v")));
    }

    [Fact]
    public void Render_SameScopeTwice_GivesSameResult()
    {
        var template = Compile("{{ a }}-{{ b }}");
        var scope = new VariableScope().Set("a", "1").Set("b", "2");

        Assert.Equal("1-2", template.Render(scope));
        Assert.Equal("1-2", template.Render(scope));
    }

    [Theory]
    [InlineData("abc {{ name", 5, "'{{' is not closed")]
    [InlineData("ab {{ x }} {{", 12, "'{{' is not closed")]
    [InlineData("x {{ }}", 3, "empty expression")]
    [InlineData("x {{- -}}", 3, "empty expression")]
    [InlineData("{{ a | bogus }}", 8, "unknown filter 'bogus'")]
    [InlineData("{{ a | lower: 3 }}", 15, "filter 'lower' takes no argument")]
    [InlineData("{{ a | truncate: \"x\" }}", 18, "filter 'truncate' needs a length")]
    [InlineData("{{ a | truncate: -2 }}", 18, "filter 'truncate' needs a length")]
    [InlineData("{{ a | truncate }}", 8, "filter 'truncate' needs a length")]
    [InlineData("{{ a | default }}", 8, "filter 'default' needs a value")]
    [InlineData("{{ a | default: x }}", 17, "expected a \"quoted string\" or an integer")]
    [InlineData("{{ a | default: \"\\n\" }}", 17, "unknown escape '\\n'")]
    [InlineData("{{ a | default: \"open }}", 1, "'{{' is not closed")]
    [InlineData("{{ 9lives }}", 4, "expected a variable name, found '9'")]
    [InlineData("{{ a. }}", 6, "expected a variable name")]
    [InlineData("{{ a b }}", 6, "expected '|' or '}}', found 'b'")]
    [InlineData("{{ a | }}", 8, "expected a filter name")]
    [InlineData("{{ a | truncate: 99999999999 }}", 18, "too large")]
    public void Parse_BadSyntax_ReportsErrorAtExactColumn(string text, int offsetColumn, string message)
    {
        var error = SingleError(text);

        Assert.True(error.IsError);
        Assert.Equal(new SourceLocation("pipeline.yaml", 10, 13 + offsetColumn - 1), error.Location);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralBadHoles_ReportsEachAndKeepsGoing()
    {
        var result = Template.Parse("{{ a | x }} ok {{ b }} {{ }}\n{{ c | upper: 1 }}", Origin);

        Assert.Null(result.Template);
        Assert.Equal(
            [new SourceLocation("pipeline.yaml", 10, 20), new SourceLocation("pipeline.yaml", 10, 36), new SourceLocation("pipeline.yaml", 11, 15)],
            result.Errors.Select(e => e.Location));
    }

    [Fact]
    public void Parse_ErrorOnLaterLine_LocationCountsLines()
    {
        var error = SingleError("line one\nline two {{ a | nope }}");

        Assert.Equal(new SourceLocation("pipeline.yaml", 11, 17), error.Location);
    }

    [Fact]
    public void VariableScope_Layers_ChildHidesParentAndFallsBack()
    {
        var run = new VariableScope().Set("run.date", "2025-05-01").Set("style", "studio");
        var row = new VariableScope(new Dictionary<string, string> { ["sku"] = "A1", ["style"] = "row" }, run);
        var job = new VariableScope(row).Set("seed", "7");

        Assert.True(job.TryGet("run.date", out var date));
        Assert.Equal("2025-05-01", date);
        Assert.True(job.TryGet("style", out var style));
        Assert.Equal("row", style);
        Assert.True(job.TryGet("seed", out _));
        Assert.False(row.TryGet("seed", out _));
        Assert.False(job.TryGet("missing", out _));
    }

    [Fact]
    public void VariableScope_SetOverridesWrappedValues()
    {
        var scope = new VariableScope(new Dictionary<string, string> { ["a"] = "1" }).Set("a", "2");

        Assert.Equal("2", Compile("{{a}}").Render(scope));
    }

    [Fact]
    public void VariableScope_ManyVariablesAndOverwrites_AllFound()
    {
        var scope = new VariableScope();
        for (var i = 0; i < 20; i++)
        {
            scope.Set($"v{i}", $"a{i}");
        }

        scope.Set("v3", "changed").Set("v15", "changed too");

        Assert.Equal("a0 changed a8 changed too a19", Compile("{{v0}} {{v3}} {{v8}} {{v15}} {{v19}}").Render(scope));
    }

    [Fact]
    public void Render_ManyHoles_ConcatenatesInOrder()
    {
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => $"[{{{{ v{i % 3} }}}}]"));
        var expected = string.Concat(Enumerable.Range(0, 40).Select(i => $"[{i % 3}]"));

        Assert.Equal(expected, Render(text, ("v0", "0"), ("v1", "1"), ("v2", "2")));
    }
}
