using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>The filter lists of the review sheet and the gallery: each variable's first distinct values, in SQLite's order.</summary>
public sealed class VariableValuesTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    [Fact]
    public async Task GetVariableValues_MoreDistinctValuesThanTheLimit_FirstValuesOfEachVariableInOrder()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        for (var i = 0; i < 25; i++)
        {
            // One SKU per job (a catalog column: as many values as jobs), two colours, one job without variables.
            var variables = i == 7
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { ["sku"] = $"sku-{24 - i:00}", ["colour"] = i % 2 == 0 ? "red" : "blue" };
            await store.RecordSubmittingAsync(TestJobs.Create(i) with { Variables = variables }, "run-1", CancellationToken.None);
        }

        using var reader = store.OpenReader();
        var values = reader.GetVariableValues(maxPerVariable: 10);

        Assert.Equal(["colour", "sku"], values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["blue", "red"], values["colour"]);
        Assert.Equal(Enumerable.Range(0, 10).Select(n => $"sku-{n:00}"), values["sku"]);
    }

    public void Dispose() => _dir.Dispose();
}
