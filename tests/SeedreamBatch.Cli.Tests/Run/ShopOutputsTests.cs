using System.Security.Cryptography;
using System.Text;
using SeedreamBatch.Cli.Commands;
using SeedreamBatch.Cli.Run;
using SeedreamBatch.Cli.Tests.Testing;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Tests.Run;

/// <summary>Issue 12, point 4: manifest.csv a shop can import, and the export files, with the real runner and simulator.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ShopOutputsTests
{
    [Fact]
    public async Task Run_CatalogChangedBetweenRuns_ManifestListsOneRowPerCurrentFileEachMatchingItsHash()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 3);
        await f.RunAsync();
        File.WriteAllText(f.ManifestPath, File.ReadAllText(f.ManifestPath).Replace("a studio photo of", "a new studio photo of", StringComparison.Ordinal));

        var second = await f.RunAsync();

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        var csv = ManifestCsv.Read(Path.Combine(f.OutputsDirectory, "manifest.csv"));
        Assert.Equal(6, csv.Rows.Count);
        Assert.Equal(6, csv.Rows.Select(r => csv.Get(r, "path")).Distinct().Count());
        Assert.All(csv.Rows, r =>
        {
            Assert.StartsWith("a new studio photo of", csv.Get(r, "prompt"), StringComparison.Ordinal);
            Assert.Equal(csv.Get(r, "sha256"), Sha256(Path.Combine(f.OutputsDirectory, csv.Get(r, "path"))));
        });
    }

    [Fact]
    public async Task Run_MatrixAndBom_EveryVariableIsAFlatColumnAndTheFileStartsWithABom()
    {
        await using var f = await RunFixture.StartAsync();
        WriteShopManifest(f);

        var result = await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, CsvBom = true });

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var path = Path.Combine(f.OutputsDirectory, "manifest.csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);
        var csv = ManifestCsv.Read(path);
        Assert.Equal(8, csv.Rows.Count);
        Assert.Contains(csv.Rows, r => csv.Get(r, "var.sku") == "TEE-1" && csv.Get(r, "var.style") == "studio" && csv.Get(r, "var.name") == "白色T恤");
    }

    [Fact]
    public async Task Export_Shopify_FollowsTheProductCsvImageColumnRules()
    {
        await using var f = await RunFixture.StartAsync();
        WriteShopManifest(f, alt: new string('x', 600));
        await f.RunAsync();
        var file = Path.Combine(f.Root, "shopify.csv");

        var code = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.ManifestPath, "shopify", file, "web", null, null), TimeProvider.System, f.Output, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, code);
        var text = File.ReadAllText(file, Encoding.UTF8);
        Assert.StartsWith("Handle,Image Src,Image Position,Image Alt Text", text, StringComparison.Ordinal);
        var csv = ManifestCsv.Read(file);
        Assert.Equal(4, csv.Rows.Count);

        // Shopify: every image row names its product; images of one product are consecutive rows with the same handle,
        // positions 1..n; Image Src an absolute URL; alt text at most 512 characters.
        var products = csv.Rows.Select(r => csv.Get(r, "Handle")).Distinct().ToList();
        Assert.Equal(["tee-1", "mug-2"], products);
        foreach (var handle in products)
        {
            var rows = csv.Rows.Where(r => csv.Get(r, "Handle") == handle).ToList();
            Assert.Equal(["1", "2"], rows.Select(r => csv.Get(r, "Image Position")));
            var first = csv.Rows.ToList().IndexOf(rows[0]);
            Assert.Equal(rows, csv.Rows.Skip(first).Take(rows.Count));
        }

        Assert.All(csv.Rows, r =>
        {
            Assert.True(Uri.TryCreate(csv.Get(r, "Image Src"), UriKind.Absolute, out var uri) && uri.Scheme == "https", csv.Get(r, "Image Src"));
            Assert.EndsWith(".web.webp", csv.Get(r, "Image Src"), StringComparison.Ordinal);
            Assert.Equal(512, csv.Get(r, "Image Alt Text").Length);
        });
        Assert.Contains("4 alt texts were longer than Shopify's 512 characters", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Pim_OneRowPerImageWithAPathColumnPerVariant()
    {
        await using var f = await RunFixture.StartAsync();
        WriteShopManifest(f);
        await f.RunAsync();

        using var export = new StringWriter();

        var code = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.OutputsDirectory, "pim", null, "original", null, null), TimeProvider.System, export, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, code);
        var lines = export.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("handle,jobKey,imageIndex,model,size,alt,var.name,var.sku,var.style,path.original,path.web", lines[0].TrimEnd('\r'));
        Assert.Equal(5, lines.Length);
        Assert.DoesNotContain("placeholders", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_SimulatedResults_WarnsTheyAreNotForPublishing()
    {
        await using var f = await RunFixture.StartAsync();
        WriteShopManifest(f);
        await f.RunAsync(new RunRequest { ManifestPath = f.ManifestPath, Provider = "sim" });
        using var export = new StringWriter();

        var code = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.OutputsDirectory, "pim", null, "original", null, null), TimeProvider.System, export, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Contains("warning: 4 of 4 images are the built-in simulator's placeholders", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ShopifyWithoutImageBaseUrl_Exits2WithOneLine()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 1);
        await f.RunAsync();

        var code = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.ManifestPath, "shopify", null, "original", null, null), TimeProvider.System, f.Output, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains("needs export.image_base_url", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Approved_ShopifyAndPimHoldExactlyTheApprovedJobsImages()
    {
        await using var f = await RunFixture.StartAsync();
        WriteShopManifest(f);
        await f.RunAsync();
        var database = StateStore.PathFor(f.OutputsDirectory);
        var files = new List<ManifestRow>();
        using (var reader = StateReader.Open(database))
        {
            await foreach (var row in reader.ReadCurrentOutputsAsync(CancellationToken.None))
            {
                files.Add(row);
            }
        }

        var approved = files.Single(r => r.Variables["sku"] == "TEE-1" && r.Variables["style"] == "studio" && r.Output!.Variant == "original").JobKey;
        var rejected = files.Single(r => r.Variables["sku"] == "MUG-2" && r.Variables["style"] == "studio" && r.Output!.Variant == "original").JobKey;

        // The same call the review server's POST /api/decisions makes.
        using (var store = StateStore.Open(database, TimeProvider.System))
        {
            Assert.Equal(1, await store.RecordReviewAsync([approved], ReviewDecisions.Approved, null, "tester", CancellationToken.None));
            Assert.Equal(1, await store.RecordReviewAsync([rejected], ReviewDecisions.Rejected, "wrong colour", "tester", CancellationToken.None));
        }

        var shopifyFile = Path.Combine(f.Root, "shopify.csv");
        var shopifyCode = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.ManifestPath, "shopify", shopifyFile, "web", null, null, ApprovedOnly: true), TimeProvider.System, f.Output, f.Error, CancellationToken.None);
        using var pim = new StringWriter();
        var pimCode = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.ManifestPath, "pim", null, "original", null, null, ApprovedOnly: true), TimeProvider.System, pim, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, shopifyCode);
        Assert.Equal(ExitCodes.Success, pimCode);
        var approvedWeb = files.Single(r => r.JobKey == approved && r.Output!.Variant == "web").Output!.Path;
        var approvedOriginal = files.Single(r => r.JobKey == approved && r.Output!.Variant == "original").Output!.Path;
        var shopify = ManifestCsv.Read(shopifyFile);
        var shopifyRow = Assert.Single(shopify.Rows);
        Assert.Equal("tee-1", shopify.Get(shopifyRow, "Handle"));
        Assert.Equal("https://cdn.example.com/catalog/" + approvedWeb, shopify.Get(shopifyRow, "Image Src"));
        var pimFile = Path.Combine(f.Root, "pim.csv");
        File.WriteAllText(pimFile, pim.ToString());
        var pimCsv = ManifestCsv.Read(pimFile);
        var pimRow = Assert.Single(pimCsv.Rows);
        Assert.Equal(approved, pimCsv.Get(pimRow, "jobKey"));
        Assert.Equal(approvedOriginal, pimCsv.Get(pimRow, "path.original"));
        Assert.Equal(approvedWeb, pimCsv.Get(pimRow, "path.web"));
        Assert.DoesNotContain("no approved images", f.Error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ApprovedWithNoneApproved_WritesOnlyTheHeaderSaysSoOnOneLineAndExits0()
    {
        await using var f = await RunFixture.StartAsync();
        f.WriteManifest(rows: 2);
        await f.RunAsync();
        var database = StateStore.PathFor(f.OutputsDirectory);
        using (var reader = StateReader.Open(database))
        using (var store = StateStore.Open(database, TimeProvider.System))
        {
            var first = (await reader.ReadCurrentOutputsAsync(CancellationToken.None).FirstAsync()).JobKey;
            await store.RecordReviewAsync([first], ReviewDecisions.Rejected, null, "tester", CancellationToken.None);
        }

        var file = Path.Combine(f.Root, "pim.csv");

        var code = await ExportCommand.ExecuteAsync(
            new ExportRequest(f.OutputsDirectory, "pim", file, "original", null, null, ApprovedOnly: true), TimeProvider.System, f.Output, f.Error, CancellationToken.None);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(["handle,jobKey,imageIndex,model,size,alt"], File.ReadAllLines(file));
        Assert.Single(f.Error.ToString().Split('\n'), l => l.Contains("no approved images", StringComparison.Ordinal));
    }

    /// <summary>Two products × two styles (a matrix axis), Chinese names, a web variant and export templates.</summary>
    private static void WriteShopManifest(RunFixture f, string alt = "{{ name }} ({{ style }})")
    {
        File.WriteAllText(f.ManifestPath, $$"""
            version: 1
            name: shop-test
            provider: ark
            providers:
              ark: { base_url: "{{f.Simulator.BaseUri.AbsoluteUri.TrimEnd('/')}}", api_key_env: {{RunFixture.KeyVariable}} }
            rows:
              inline:
                - { sku: TEE-1, name: "白色T恤" }
                - { sku: MUG-2, name: "陶瓷杯" }
            matrix:
              style: [studio, lifestyle]
            prompt:
              inline: "{{"{{"}} name {{"}}"}}, {{"{{"}} style {{"}}"}} photo"
            models: [seedream-3.0-t2i]
            sizes: [512x512]
            outputs:
              dir: out
              name: "{{"{{"}} sku {{"}}"}}/{{"{{"}} style {{"}}"}}"
              variants:
                original: { format: keep }
                web: { width: 256, format: webp, quality: 70 }
            export:
              handle: "{{"{{"}} sku | slug {{"}}"}}"
              alt: "{{alt}}"
              image_base_url: "https://cdn.example.com/catalog"

            """);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
