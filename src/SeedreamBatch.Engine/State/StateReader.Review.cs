using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SeedreamBatch.Engine.Review;

namespace SeedreamBatch.Engine.State;

/// <summary>The review sheet's queries: pages of current jobs under a filter, counts, variables, versions.</summary>
public sealed partial class StateReader
{
    /// <summary>A manifest row's job columns (<see cref="ManifestJobColumns"/>), then what only the sheet shows.</summary>
    private const string ReviewColumns = ManifestJobColumns + ", " + """
        EXISTS (SELECT 1 FROM image_failures f WHERE f.job_key = j.key), j.billed_total_micros,
        (SELECT o.path FROM outputs o WHERE o.job_key = j.key ORDER BY o.image_index, o.bytes LIMIT 1),
        r.decision, r.reason, r.decided_by, r.decided_at, (SELECT count(*) FROM job_versions v WHERE v.job_key = j.key)
        """;

    /// <summary>Every variable name of the current jobs, sorted.</summary>
    public IReadOnlyList<string> GetVariableNames() => ReadVariableNames("superseded_by IS NULL");

    /// <summary>Distinct values per variable (at most <paramref name="maxPerVariable"/> each), for the filter lists.</summary>
    /// <remarks>
    /// Read as the rows come: only the values kept are held. Collecting the rows first held every distinct value of every
    /// variable — a catalog column such as a SKU has one per job — and the gallery written at the end of every run asks for
    /// them: ~65 MB more at 600,000 jobs (bench/README.md, "Run memory").
    /// </remarks>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> GetVariableValues(int maxPerVariable)
    {
        var values = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        using var reader = SqliteCommands.Prepared(
            _connection,
            "SELECT DISTINCT je.key, je.value FROM jobs j, json_each(j.variables_json) je WHERE j.superseded_by IS NULL ORDER BY 1, 2").ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (!values.TryGetValue(name, out var list))
            {
                list = [];
                values.Add(name, list);
            }

            // No value is read once the variable's list is full.
            if (list.Count < maxPerVariable)
            {
                list.Add(reader.IsDBNull(1) ? "" : Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? "");
            }
        }

        return values.ToDictionary(v => v.Key, v => (IReadOnlyList<string>)v.Value, StringComparer.Ordinal);
    }

    /// <summary>Distinct values of a job column (<c>model</c>, <c>provider</c>) among current jobs.</summary>
    public IReadOnlyList<string> GetDistinct(string column)
    {
        if (column is not ("model" or "provider" or "size"))
        {
            throw new ArgumentOutOfRangeException(nameof(column), column, null);
        }

        return ReadAll($"SELECT DISTINCT {column} FROM jobs WHERE superseded_by IS NULL ORDER BY 1", r => r.GetString(0));
    }

    public ReviewCounts GetReviewCounts()
    {
        // Three small queries instead of one join of every job with its review and failed images: the job counts scan the
        // covering jobs_totals index (schema 6), the rest start from the failed images and the decisions, which are few
        // (CROSS JOIN keeps that order: SQLite's planner otherwise may walk every done job instead).
        using var command = SqliteCommands.Create(
            _connection,
            """
            SELECT count(*), coalesce(sum(status = 'done'), 0), coalesce(sum(status = 'failed'), 0) FROM jobs WHERE superseded_by IS NULL;
            SELECT count(*) FROM (SELECT DISTINCT job_key FROM image_failures) f CROSS JOIN jobs j ON j.key = f.job_key
                WHERE j.status = 'done' AND j.superseded_by IS NULL;
            SELECT coalesce(sum(r.decision = 'approved'), 0), coalesce(sum(r.decision = 'rejected'), 0), coalesce(sum(j.status = 'done'), 0)
                FROM reviews r CROSS JOIN jobs j ON j.key = r.job_key WHERE j.superseded_by IS NULL;
            """);
        using var reader = command.ExecuteReader();
        reader.Read();
        var (total, done, failed) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        reader.NextResult();
        reader.Read();
        var partlyDone = reader.GetInt32(0);
        reader.NextResult();
        reader.Read();
        var (approved, rejected, reviewedDone) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
        return new ReviewCounts(total, done, partlyDone, failed, approved, rejected, done - reviewedDone);
    }

    /// <summary>One page of current jobs matching <paramref name="filter"/> and how many match in all.</summary>
    public (IReadOnlyList<ReviewItem> Items, int Total) ReadReviewPage(ReviewFilter filter, int offset, int limit)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, parameters) = BuildWhere(filter);
        var total = Convert.ToInt32(SqliteCommands.Scalar(_connection, $"SELECT count(*) FROM jobs j LEFT JOIN reviews r ON r.job_key = j.key WHERE {where}", [.. parameters]), CultureInfo.InvariantCulture);
        var order = new StringBuilder();
        for (var i = 0; i < filter.OrderBy.Count; i++)
        {
            switch (filter.OrderBy[i])
            {
                case ReviewFilter.SizeColumn:
                    order.Append("j.size, ");
                    break;
                case ReviewFilter.ModelColumn:
                    order.Append("j.model, ");
                    break;
                default:
                    order.Append(CultureInfo.InvariantCulture, $"json_extract(j.variables_json, $o{i}), ");
                    parameters.Add(($"$o{i}", JsonPath(filter.OrderBy[i])));
                    break;
            }
        }

        parameters.Add(("$limit", limit));
        parameters.Add(("$offset", offset));
        var items = ReadAll(
            $"SELECT {ReviewColumns} FROM jobs j LEFT JOIN reviews r ON r.job_key = j.key WHERE {where} ORDER BY {order}j.ordinal, j.key LIMIT $limit OFFSET $offset",
            ReadReviewItem,
            [.. parameters]);
        return (items, total);
    }

    /// <summary>Every current job matching <paramref name="filter"/>, streamed in sheet order (the static gallery).</summary>
    public IEnumerable<ReviewItem> ReadReviewItems(ReviewFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, parameters) = BuildWhere(filter);
        using var command = SqliteCommands.Create(
            _connection, $"SELECT {ReviewColumns} FROM jobs j LEFT JOIN reviews r ON r.job_key = j.key WHERE {where} ORDER BY j.ordinal, j.key", [.. parameters]);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return ReadReviewItem(reader);
        }
    }

    public ReviewItem? GetReviewItem(string key)
    {
        var items = ReadAll($"SELECT {ReviewColumns} FROM jobs j LEFT JOIN reviews r ON r.job_key = j.key WHERE j.key = $key", ReadReviewItem, ("$key", key));
        return items.Count > 0 ? items[0] : null;
    }

    /// <summary>Earlier versions of an item, oldest first.</summary>
    public IReadOnlyList<JobVersion> GetVersions(string key) => ReadAll(
        """
        SELECT version, source_key, prompt, seed, billed_cost_micros, task_id, finished_at, decision, reason, decided_by, decided_at, outputs_json, archived_at
        FROM job_versions WHERE job_key = $key ORDER BY version
        """,
        r => new JobVersion(
            r.GetInt32(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), MoneyMicros.FromMicros(r.GetNullableInt64(4)), r.GetNullableString(5),
            r.GetNullableInt64(6) is { } f ? DateTimeOffset.FromUnixTimeMilliseconds(f) : null,
            ReadDecision(r, 7),
            JsonSerializer.Deserialize<List<OutputRecord>>(r.GetString(11)) ?? [],
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(12))),
        ("$key", key));

    /// <summary>The id of the most recent run, or null when none.</summary>
    public string? GetLastRunId() => SqliteCommands.Scalar(_connection, "SELECT id FROM runs ORDER BY started_at DESC LIMIT 1") as string;

    /// <summary>Keys of current jobs with a decision of <paramref name="decision"/>.</summary>
    public IReadOnlyList<string> GetKeysWithDecision(string decision) =>
        ReadAll("SELECT r.job_key FROM reviews r JOIN jobs j ON j.key = r.job_key WHERE r.decision = $d AND j.superseded_by IS NULL ORDER BY j.ordinal", r => r.GetString(0), ("$d", decision));

    /// <summary>The current job (not superseded) written to <paramref name="outputBaseName"/>, if any.</summary>
    public string? FindCurrentByOutputName(string outputBaseName) =>
        SqliteCommands.Scalar(_connection, "SELECT key FROM jobs WHERE output_base_name = $base AND superseded_by IS NULL ORDER BY updated_at DESC LIMIT 1", ("$base", outputBaseName)) as string;

    private static string JsonPath(string variable) => "$.\"" + variable.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static ReviewDecision? ReadDecision(SqliteDataReader r, int first) =>
        r.GetNullableString(first) is { } decision
            ? new ReviewDecision(decision, r.GetNullableString(first + 1), r.GetNullableString(first + 2) ?? "", DateTimeOffset.FromUnixTimeMilliseconds(r.GetNullableInt64(first + 3) ?? 0))
            : null;

    private static ReviewItem ReadReviewItem(SqliteDataReader r)
    {
        var job = ReadManifestJob(r) with { Review = ReadDecision(r, 25) };
        return new(job, PartlyDone: r.GetInt64(22) != 0 && job.Status == JobStatus.Done, MoneyMicros.FromMicros(r.GetInt64(23)), r.GetNullableString(24), r.GetInt32(29));
    }

    private (string Where, List<(string Name, object? Value)> Parameters) BuildWhere(ReviewFilter filter)
    {
        var clauses = new List<string> { "j.superseded_by IS NULL" };
        var parameters = new List<(string Name, object? Value)>();
        if (filter.Statuses.Count > 0)
        {
            clauses.Add("(" + string.Join(" OR ", filter.Statuses.Select(StatusClause)) + ")");
        }

        var i = 0;
        foreach (var (name, value) in filter.Variables)
        {
            clauses.Add($"json_extract(j.variables_json, $vp{i}) = $vv{i}");
            parameters.Add(($"$vp{i}", JsonPath(name)));
            parameters.Add(($"$vv{i}", value));
            i++;
        }

        if (filter.Model is { } model)
        {
            clauses.Add("j.model = $model");
            parameters.Add(("$model", model));
        }

        if (filter.Provider is { } provider)
        {
            clauses.Add("j.provider = $provider");
            parameters.Add(("$provider", provider));
        }

        if (filter.Seed is { } seed)
        {
            clauses.Add("j.seed = $seed");
            parameters.Add(("$seed", seed));
        }

        if (filter.Simulated is { } simulated)
        {
            clauses.Add("j.simulated = $simulated");
            parameters.Add(("$simulated", simulated ? 1 : 0));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            clauses.Add("j.prompt LIKE $text ESCAPE '\\'");
            var escaped = filter.Text.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
            parameters.Add(("$text", "%" + escaped + "%"));
        }

        return (string.Join(" AND ", clauses), parameters);
    }

    private static string StatusClause(string word) => word switch
    {
        "done" => "(j.status = 'done' AND NOT EXISTS (SELECT 1 FROM image_failures f WHERE f.job_key = j.key))",
        "partly" => "(j.status = 'done' AND EXISTS (SELECT 1 FROM image_failures f WHERE f.job_key = j.key))",
        "failed" => "j.status = 'failed'",
        "pending" => "j.status NOT IN ('done', 'failed')",
        "approved" => "r.decision = 'approved'",
        "rejected" => "r.decision = 'rejected'",
        "unreviewed" => "(j.status = 'done' AND r.decision IS NULL)",
        _ => throw new ArgumentException($"unknown status '{word}' (one of {string.Join(", ", ReviewFilter.StatusWords)})", nameof(word)),
    };
}
