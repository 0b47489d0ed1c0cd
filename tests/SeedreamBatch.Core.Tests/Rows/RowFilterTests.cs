using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Rows;

namespace SeedreamBatch.Core.Tests.Rows;

public sealed class RowFilterTests
{
    private static readonly SourceLocation At = new("pipeline.yaml", 7, 5);

    private static Row Row(params (string Key, string Value)[] values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value), At, 0);

    private static RowCondition Condition(string column, params string[] values)
    {
        Assert.True(RowCondition.TryParse(column, values, At, out var condition, out var error), error?.Message);
        return condition;
    }

    [Fact]
    public void Matches_AllConditionsOfDocumentedExample_Hold()
    {
        var filter = new RowFilter([Condition("category", "shoes", "bags"), Condition("status", "active"), Condition("price", "!=0")]);

        Assert.True(filter.Matches(Row(("category", "bags"), ("status", "active"), ("price", "12"))));
        Assert.False(filter.Matches(Row(("category", "hats"), ("status", "active"), ("price", "12"))));
        Assert.False(filter.Matches(Row(("category", "shoes"), ("status", "retired"), ("price", "12"))));
        Assert.False(filter.Matches(Row(("category", "shoes"), ("status", "active"), ("price", "0"))));
    }

    [Fact]
    public void Matches_ComparisonIsExact_CaseAndSpacesMatter()
    {
        var condition = Condition("status", "active");

        Assert.False(condition.Matches(Row(("status", "Active"))));
        Assert.False(condition.Matches(Row(("status", " active"))));
    }

    [Fact]
    public void Matches_MissingColumn_ComparesAsEmpty()
    {
        Assert.False(Condition("status", "active").Matches(Row()));
        Assert.True(Condition("status", "!=active").Matches(Row()));
        Assert.True(Condition("status", string.Empty).Matches(Row()));
        Assert.False(Condition("status", "!=").Matches(Row()));
    }

    [Fact]
    public void Matches_SeveralNegatedValues_HoldsWhenNoneEqual()
    {
        var condition = Condition("size", "!=S", "!=M");

        Assert.True(condition.Negated);
        Assert.Equal(["S", "M"], condition.Values);
        Assert.True(condition.Matches(Row(("size", "L"))));
        Assert.False(condition.Matches(Row(("size", "M"))));
    }

    [Fact]
    public void Matches_NoConditions_EveryRow()
    {
        Assert.True(RowFilter.All.Matches(Row(("a", "b"))));
    }

    [Fact]
    public void TryParse_MixedOrEmpty_Error()
    {
        Assert.False(RowCondition.TryParse("size", ["S", "!=M"], At, out _, out var mixed));
        Assert.False(RowCondition.TryParse("size", [], At, out _, out var empty));

        Assert.Contains("mixes", mixed.Message, StringComparison.Ordinal);
        Assert.Equal(At, empty.Location);
    }

    [Fact]
    public void Check_UnknownColumn_ErrorAtCondition()
    {
        var filter = new RowFilter([Condition("category", "shoes"), Condition("stauts", "active")]);

        var diagnostic = Assert.Single(filter.Check(["category", "status"]));

        Assert.True(diagnostic.IsError);
        Assert.Equal(At, diagnostic.Location);
        Assert.Contains("'stauts'", diagnostic.Message, StringComparison.Ordinal);
    }
}
