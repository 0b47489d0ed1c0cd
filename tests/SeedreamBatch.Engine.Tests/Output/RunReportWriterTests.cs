using System.Text.Json;
using SeedreamBatch.Engine.Budget;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;
using SeedreamBatch.Engine.Tests.Testing;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Output;

public sealed class RunReportWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly EngineHarness _engine;

    public RunReportWriterTests() => _engine = new EngineHarness(_dir.Path);

    [Fact]
    public async Task RunAsync_MixedOutcomes_ManifestsListTheCurrentFilesOnlyWithFlatVariableColumns()
    {
        var poisoned = TestJobs.Create(1).Request.Prompt;
        await _engine.RunAsync(_engine.Jobs(3), new FakeImageProvider
        {
            Fault = (p, _) => p == poisoned ? Answer.Error(ProviderErrorKind.InvalidRequest, "InvalidParameter", "size, \"quoted\"") : null,
        });

        var csv = await File.ReadAllLinesAsync(_dir.Combine(ManifestCsvWriter.FileName));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(ManifestJsonWriter.FileName)));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(SummaryJsonWriter.FileName)));

        Assert.StartsWith("schemaVersion,toolVersion,runId,generatedAt,jobKey,ordinal,status,simulated,", csv[0], StringComparison.Ordinal);
        Assert.EndsWith(",sha256,review,reviewReason,reviewedBy,reviewedAt,var.sku,var.style", csv[0], StringComparison.Ordinal);
        Assert.Equal(1 + 2 + 2, csv.Length); // header, 2 done jobs × (original + web); the failed job stays in the store
        Assert.Equal(4, rows.Count);
        Assert.Equal(1, json.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("run-1", json.RootElement.GetProperty("runId").GetString());
        Assert.All(rows, r => Assert.Equal(("done", false), (r.GetProperty("status").GetString(), r.GetProperty("simulated").GetBoolean())));
        Assert.DoesNotContain(rows, r => r.GetProperty("variables").GetProperty("sku").GetString() == "sku-000001");
        Assert.Contains(csv, line => line.EndsWith(",sku-000002,studio", StringComparison.Ordinal));
        Assert.Equal(1, summary.RootElement.GetProperty("failuresByKind").GetProperty("non_retryable").GetInt32());
    }

    [Fact]
    public async Task RunAsync_ProviderRefusedOneImageOfThree_ManifestsListTheTwoImagesAndSummaryCountsTheFailure()
    {
        var job = TestJobs.Create(0, _dir.Path, images: 3);
        await _engine.RunAsync([job], new FakeImageProvider
        {
            ImagesFor = _ =>
            [
                Answer.Base64(Convert.ToBase64String(TestImages.Png(64, 64, fill: 1)), 0),
                Answer.Base64(Convert.ToBase64String(TestImages.Png(64, 64, fill: 3)), 2),
            ],
            FailedImagesFor = _ => [Answer.Failed(1, ProviderErrorKind.InvalidRequest, "InternalServiceError", "image 2 could not be made")],
            BilledImages = _ => 2,
        });

        var csv = await File.ReadAllLinesAsync(_dir.Combine(ManifestCsvWriter.FileName));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(ManifestJsonWriter.FileName)));
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(SummaryJsonWriter.FileName)));
        var root = summary.RootElement;

        Assert.Equal(1 + (2 * 2), csv.Length); // header, 2 images × (original + web)
        Assert.Equal([0, 0, 2, 2], rows.Select(r => r.GetProperty("imageIndex").GetInt32()));
        Assert.All(rows, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("errorKind").ValueKind));
        Assert.Equal((1, 1), (root.GetProperty("jobs").GetProperty("done").GetInt32(), root.GetProperty("jobs").GetProperty("partlyDone").GetInt32()));
        Assert.Equal((2, 1), (root.GetProperty("images").GetProperty("billed").GetInt32(), root.GetProperty("images").GetProperty("failed").GetInt32()));
        Assert.Equal(1, root.GetProperty("imageFailuresByKind").GetProperty("image_failed").GetInt32());
        Assert.Empty(root.GetProperty("failuresByKind").EnumerateObject());
    }

    [Fact]
    public async Task RunAsync_WithBudget_SummaryCountsCostsAndBudget()
    {
        await _engine.RunAsync(_engine.Jobs(4), new FakeImageProvider(), new BudgetOptions { MaxCostUsd = 1.00m });

        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(SummaryJsonWriter.FileName)));
        var root = summary.RootElement;

        Assert.Equal(4, root.GetProperty("jobs").GetProperty("done").GetInt32());
        Assert.Equal(0.16m, root.GetProperty("cost").GetProperty("billedUsd").GetDecimal());
        var byModel = root.GetProperty("cost").GetProperty("byProviderModel")[0];
        Assert.Equal(("ark", "seedream-4.5", 4), (byModel.GetProperty("provider").GetString(), byModel.GetProperty("model").GetString(), byModel.GetProperty("jobs").GetInt32()));
        Assert.Equal(0.84m, root.GetProperty("budget").GetProperty("leftUsd").GetDecimal());
        Assert.Equal(4, root.GetProperty("images").GetProperty("thisRun").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("generationLatencyMs").GetProperty("p50").ValueKind);
    }

    [Fact]
    public async Task WriteAllAsync_FromStoreAlone_RewritesWithoutTempFilesLeft()
    {
        await _engine.RunAsync(_engine.Jobs(2), new FakeImageProvider());
        using var store = StateStore.Open(_engine.DatabasePath, TimeProvider.System);
        var writer = new RunReportWriter(_dir.Path, store, "9.9.9", new FakeClock());

        await writer.WriteAllAsync("report-run", new BudgetGate(new BudgetOptions()).Snapshot(), CancellationToken.None);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(_dir.Combine(ManifestJsonWriter.FileName)));
        Assert.Equal("9.9.9", json.RootElement.GetProperty("toolVersion").GetString());
        Assert.Equal("2026-11-21T09:00:00.000Z", json.RootElement.GetProperty("generatedAt").GetString());
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.tmp"));
    }

    public void Dispose()
    {
        _engine.Dispose();
        _dir.Dispose();
    }
}
