using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.Review;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Engine.Tests.Output;

/// <summary>
/// manifest.csv and manifest.json are encoded by hand for speed; they must stay byte for byte what CsvHelper and
/// Utf8JsonWriter wrote before (the writers as they were are kept below as the reference), for every awkward value.
/// </summary>
public sealed class ManifestWritersTests : IDisposable
{
    private static readonly OutputHeader Header = new(1, "1.2.3", "run-\"1\", x", new DateTimeOffset(2026, 11, 21, 9, 0, 0, 123, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();

    public static TheoryData<bool> ByteOrderMarks => new() { false, true };

    [Theory]
    [MemberData(nameof(ByteOrderMarks))]
    public async Task WriteManifestsAsync_AwkwardValues_SameBytesAsCsvHelperAndUtf8JsonWriter(bool byteOrderMark)
    {
        var rows = Rows();
        string[] variables = ["colour", "quote\"d", "sku", "风格"];

        var count = await RunReportWriter.WriteManifestsAsync(_dir.Path, Header, rows.ToAsyncEnumerable(), variables, byteOrderMark, CancellationToken.None);

        Assert.Equal(rows.Count, count);
        Assert.Equal(Encoding.UTF8.GetString(ReferenceCsv(rows, variables, byteOrderMark)), Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_dir.Combine(ManifestCsvWriter.FileName))));
        Assert.Equal(Encoding.UTF8.GetString(ReferenceJson(rows)), Encoding.UTF8.GetString(await File.ReadAllBytesAsync(_dir.Combine(ManifestJsonWriter.FileName))));
    }

    [Fact]
    public async Task WriteManifestsAsync_NoRows_SameBytesAsBefore()
    {
        await RunReportWriter.WriteManifestsAsync(_dir.Path, Header, AsyncEnumerable.Empty<ManifestRow>(), [], false, CancellationToken.None);

        Assert.Equal(ReferenceCsv([], [], false), await File.ReadAllBytesAsync(_dir.Combine(ManifestCsvWriter.FileName)));
        Assert.Equal(ReferenceJson([]), await File.ReadAllBytesAsync(_dir.Combine(ManifestJsonWriter.FileName)));
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Jobs of 0, 1 and many files, a failed image, quotes, commas, new lines, edge spaces, non-ASCII, escapes.</summary>
    private static List<ManifestRow> Rows()
    {
        var plain = Job("a1", 0, "a studio photo", new SortedDictionary<string, string>(StringComparer.Ordinal) { ["colour"] = "red", ["sku"] = "SKU-1" });
        var awkward = Job("b2", 1, " lead, \"quoted\"\r\nline\ttab <b>&amp; 'x' +1 é 中文 😀 \u0001 trail ", new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["quote\"d"] = "a,b",
            ["sku"] = " spaced ",
            ["风格"] = "工作室\n第二行",
        }) with
        {
            Seed = 42,
            SeedHonoured = true,
            TaskId = "task,\"1\"",
            BilledCostUsd = 0.030000m,
            BilledImages = 3,
            GenerationMs = 1916,
            TotalMs = 3000,
            Simulated = true,
            Review = new ReviewDecision("rejected", "too \"dark\", redo", "ana", new DateTimeOffset(2026, 11, 20, 8, 7, 6, 5, TimeSpan.Zero)),
        };
        var failed = Job("c3", 2, "p", new SortedDictionary<string, string>(StringComparer.Ordinal)) with
        {
            Status = JobStatus.Failed,
            Failure = new JobFailure(FailureKind.Parse("content_rejected"), null, "The request failed, \"sensitive\".\n"),
        };
        return
        [
            plain with { Output = FileOf(0, "original") },
            awkward with { Output = FileOf(0, "original") },
            awkward with { Output = FileOf(0, "thumb, small") },
            awkward with { Failure = new JobFailure(FailureKind.Parse("download_failed"), "E1", " reset ") },
            awkward with { Output = FileOf(2, "original") },
            failed,
        ];
    }

    private static ManifestRow Job(string key, long ordinal, string prompt, IReadOnlyDictionary<string, string> variables) =>
        new(key, ordinal, JobStatus.Done, "ark", "seedream-4.5", "seedream-4-5-251128", prompt, "2048x2048", null, false, null, 1, 0.04m, null, null, variables, null, null, null, null);

    private static OutputRecord FileOf(int image, string variant) =>
        new(image, variant, $"SKU 1/{variant} \"x\".png", "png", 2048, 1024, 123_456_789_012, "be39d16a8c8489a8a805211b43e7a89a16d651c5ef0b7feb6fc1ffe1969fab63");

    /// <summary>manifest.csv as the CsvHelper writer wrote it before.</summary>
    private static byte[] ReferenceCsv(List<ManifestRow> rows, string[] variables, bool byteOrderMark)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = byteOrderMark }, leaveOpen: true))
        {
            string[] columns =
            [
                "schemaVersion", "toolVersion", "runId", "generatedAt",
                "jobKey", "ordinal", "status", "simulated", "provider", "model", "providerModelId", "prompt", "size", "seed", "seedHonoured",
                "taskId", "attempts", "estimatedCostUsd", "billedCostUsd", "billedImages", "generationMs", "totalMs",
                "errorKind", "errorCode", "errorMessage", "variables",
                "imageIndex", "variant", "path", "format", "width", "height", "bytes", "sha256",
                "review", "reviewReason", "reviewedBy", "reviewedAt",
            ];
            foreach (var column in columns.Concat(variables.Select(v => "var." + v)))
            {
                csv.WriteField(column);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                var o = row.Output;
                var failure = row.Failure;
                object?[] fields =
                [
                    Header.SchemaVersion, Header.ToolVersion, Header.RunId, Header.GeneratedAtText,
                    row.JobKey, row.Ordinal, row.Status.ToName(), row.Simulated ? "true" : "false", row.Provider, row.Model, row.ProviderModelId, row.Prompt, row.Size, row.Seed,
                    row.SeedHonoured ? "true" : "false", row.TaskId, row.Attempts, row.EstimatedCostUsd, row.BilledCostUsd, row.BilledImages,
                    row.GenerationMs, row.TotalMs, failure?.Kind.Name, failure?.Code, failure?.Message,
                    JsonSerializer.Serialize(row.Variables),
                    o?.ImageIndex, o?.Variant, o?.Path, o?.Format, o?.Width, o?.Height, o?.Bytes, o?.Sha256,
                    row.Review?.Decision, row.Review?.Reason, row.Review?.DecidedBy, row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    .. variables.Select(v => row.Variables.GetValueOrDefault(v) ?? ""),
                ];
                foreach (var field in fields)
                {
                    csv.WriteField(field switch
                    {
                        null => "",
                        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                        _ => field.ToString(),
                    });
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        return stream.ToArray();
    }

    /// <summary>manifest.json as the Utf8JsonWriter writer wrote it before.</summary>
    private static byte[] ReferenceJson(List<ManifestRow> rows)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, OutputJson.WriterOptions))
        {
            json.WriteStartObject();
            ManifestJsonWriter.WriteHeader(json, Header);
            json.WriteStartArray("rows");
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("jobKey", row.JobKey);
                json.WriteNumber("ordinal", row.Ordinal);
                json.WriteString("status", row.Status.ToName());
                json.WriteBoolean("simulated", row.Simulated);
                json.WriteString("provider", row.Provider);
                json.WriteString("model", row.Model);
                json.WriteString("providerModelId", row.ProviderModelId);
                json.WriteString("prompt", row.Prompt);
                json.WriteString("size", row.Size);
                NumberOrNull(json, "seed", row.Seed);
                json.WriteBoolean("seedHonoured", row.SeedHonoured);
                json.WriteString("taskId", row.TaskId);
                json.WriteNumber("attempts", row.Attempts);
                json.WriteNumber("estimatedCostUsd", row.EstimatedCostUsd);
                if (row.BilledCostUsd is { } billed)
                {
                    json.WriteNumber("billedCostUsd", billed);
                }
                else
                {
                    json.WriteNull("billedCostUsd");
                }

                NumberOrNull(json, "billedImages", row.BilledImages);
                NumberOrNull(json, "generationMs", row.GenerationMs);
                NumberOrNull(json, "totalMs", row.TotalMs);
                var failure = row.Failure;
                json.WriteString("errorKind", failure?.Kind.Name);
                json.WriteString("errorCode", failure?.Code);
                json.WriteString("errorMessage", failure?.Message);
                json.WriteStartObject("variables");
                foreach (var (name, value) in row.Variables)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
                var o = row.Output;
                NumberOrNull(json, "imageIndex", o?.ImageIndex);
                json.WriteString("variant", o?.Variant);
                json.WriteString("path", o?.Path);
                json.WriteString("format", o?.Format);
                NumberOrNull(json, "width", o?.Width);
                NumberOrNull(json, "height", o?.Height);
                NumberOrNull(json, "bytes", o?.Bytes);
                json.WriteString("sha256", o?.Sha256);
                json.WriteString("review", row.Review?.Decision);
                json.WriteString("reviewReason", row.Review?.Reason);
                json.WriteString("reviewedBy", row.Review?.DecidedBy);
                json.WriteString("reviewedAt", row.Review?.DecidedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static void NumberOrNull(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
