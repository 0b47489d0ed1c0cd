using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;

namespace SeedreamBatch.Engine.Tests.State;

/// <summary>
/// manifest.csv's <c>var.*</c> columns (<see cref="StateReader.GetVariableNamesAsync"/>, read through
/// <see cref="VariableNameSet"/>) are exactly what SQLite's <c>json_each</c> finds in the done jobs' stored variables,
/// in SQLite's order, whatever shape another writer stored.
/// </summary>
public sealed class VariableNameSetTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly FakeClock _time = new();

    [Fact]
    public async Task GetVariableNames_AwkwardStoredObjects_SameNamesAndOrderAsJsonEach()
    {
        using var store = StateStore.Open(StateStore.PathFor(_dir.Path), _time);
        for (var i = 0; i < 12; i++)
        {
            var job = TestJobs.Create(i);
            await store.RecordSubmittingAsync(job, "run-1", CancellationToken.None);
            await store.RecordDoneAsync(job.Key, "recipe-1", [], CancellationToken.None);
        }

        StoreSql.Execute(StateStore.PathFor(_dir.Path), """
            UPDATE jobs SET variables_json = '{"sku":"a","style":"b"}' WHERE ordinal IN (0, 1);
            UPDATE jobs SET variables_json = '{"sku":"a"}' WHERE ordinal = 2;
            UPDATE jobs SET variables_json = '{"sku": "a", "style": "b", "colour": "c"}' WHERE ordinal = 3;
            UPDATE jobs SET variables_json = '{"style":"b","sku":"a"}' WHERE ordinal = 4;
            UPDATE jobs SET variables_json = '{"caf\u00e9":"1","\ud83d\ude00":"2","\uff01":"3","a\"b":"4","Z":"5"}' WHERE ordinal = 5;
            UPDATE jobs SET variables_json = '{"café":"again","nested":{"inner":[1,{"deep":2}]},"n":3,"t":true,"z":null}' WHERE ordinal = 6;
            UPDATE jobs SET variables_json = '{"dup":"1","dup":"2"}' WHERE ordinal = 7;
            UPDATE jobs SET variables_json = '{}' WHERE ordinal = 8;
            UPDATE jobs SET variables_json = '[1,2]' WHERE ordinal = 9;
            UPDATE jobs SET variables_json = '{"only_failed":"x"}', status = 'failed', error_kind = 'internal' WHERE ordinal = 10;
            UPDATE jobs SET variables_json = '{"sku":"a","style":"b"}' WHERE ordinal = 11;
            """);

        using var reader = store.OpenReader();
        var names = await reader.GetVariableNamesAsync(CancellationToken.None);

        Assert.Equal(JsonEachNames(where: "j.ordinal <> 9"), names);
        Assert.Contains("😀", names);
        Assert.Contains("a\"b", names);
        Assert.DoesNotContain("only_failed", names);
        Assert.DoesNotContain("inner", names);
        // SQLite sorts by UTF-8 bytes: U+FF01 before U+1F600, where UTF-16 ordinal order puts the surrogate pair first.
        Assert.True(names.ToList().IndexOf("！") < names.ToList().IndexOf("😀"));
    }

    [Fact]
    public void Add_ShapesInTurn_KeepsEveryNameOnce()
    {
        var set = new VariableNameSet();
        set.Add("""{"a":"1","b":"2"}"""u8);
        set.Add("""{"a":"1"}"""u8);
        set.Add("""{"a":"1","c":"2","b":"3"}"""u8);
        set.Add("""{"a":"1","b":"2"}"""u8);
        set.Add("""{"\u0061":"escaped a","d":{"e":1}}"""u8);

        Assert.Equal(["a", "b", "c", "d"], set.Sorted());
    }

    /// <summary>What the reports asked SQLite before: <c>json_each</c> over the done jobs (an array's indexes left out).</summary>
    private List<string> JsonEachNames(string where)
    {
        using var connection = new SqliteConnection($"Data Source={StateStore.PathFor(_dir.Path)};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT e.key FROM jobs j, json_each(j.variables_json) e WHERE j.status = 'done' AND {where} ORDER BY 1";
        using var reader = command.ExecuteReader();
        var names = new List<string>();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    public void Dispose() => _dir.Dispose();
}
