using System.Text.RegularExpressions;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Manifest;

public sealed partial class ManifestLoaderTests
{
    /// <summary>Uses every key of every section; the watermark's image/text and the rows sources are exclusive, hence more than one manifest.</summary>
    private const string Maximal = """
        version: 1
        name: maximal
        description: every key there is
        provider: ark
        providers:
          ark:
            base_url: https://ark.cn-beijing.volces.com
            api_key_env: ARK_API_KEY
            region: china
            concurrency: 4
            images_per_minute: 100
            requests_per_minute: 60
            timeout_seconds: 90
            poll_interval_seconds: 2.5
            allow_insecure: false
            create_path: /tasks
            task_path: /tasks/{id}
            endpoints: { seedream-4.0: ep-20261201000000-abcde }
          acedata:
            # Callbacks are an Ace Data feature: under ark, run (and so validate) refuses them.
            callback_listen: "127.0.0.1:8089"
            callback_public_url: https://hooks.example.com/seedream
        rows:
          csv: data.csv
          delimiter: ";"
          where: { category: [shoes, bags] }
          limit: 10
        matrix:
          style: [studio, street]
          include: [ { style: studio, accent: ", soft shadow" } ]
          exclude: [ { style: street, category: bags } ]
        prompt: { inline: "a {{ color }} {{ sku }} in {{ style }}{{ accent | default: \"\" }}" }
        references: ["https://cdn.example.com/{{ sku }}.png"]
        models: [seedream-4.5]
        sizes: [2K, "16:9"]
        seeds: { start: 1000, count: 2 }
        repeat: 2
        images_per_job: 2
        watermark: true
        response_format: b64_json
        stream: true
        optimize_prompt: standard
        outputs:
          dir: out/{{ run.date }}
          name: "{{ sku }}/{{ style }}-{{ size | slug }}-{{ seed }}-{{ repeat }}"
          strip_metadata: false
          gallery: false
          provenance: { ai_label: true, job: true, prompt: true }
          csv_bom: true
          variants:
            original: { format: keep }
            thumb: { format: webp, width: 400, height: 400, fit: cover, crop: attention, quality: 80, effort: 4, background: "#ffffff", watermark: true }
          watermark: { image: logo.png, gravity: south-east, opacity: 0.5, scale: 0.2, margin: 0.03 }
        budget: { max_cost_usd: 100.00, max_images: 1000 }
        retry: { attempts: 3 }
        pricing: { seedream-4.5: 0.05 }
        max_jobs: 5000
        files: { allow: [shared] }
        schedule: { cron: "30 1 * * *", timezone: Asia/Shanghai, catch_up: once }
        notify: { webhook: https://hooks.example.com/x, command: ./after.sh, healthcheck: https://hc-ping.com/x }
        overlays: { prod: { max_jobs: 6000 } }
        export: { handle: "{{ sku }}", alt: "{{ color }} {{ sku }}", image_base_url: "https://cdn.example.com/catalog" }
        coordination: { redis: "redis://redis.internal:6380", key_prefix: "seedream:2026-12-02", lease_seconds: 20 }
        """;

    private const string MaximalCsv = "sku;color;category\nS1;red;shoes\nB1;tan;bags\nT1;blue;toys\n";

    /// <summary>The keys the first manifest cannot hold at the same time as its own.</summary>
    private static readonly string[] Alternatives =
    [
        "version: 1\nname: a\nprovider: ark\nrows: { json: rows.json }\nprompt: { file: p.txt }\nmodels: [seedream-3.0-t2i]\nguidance_scale: 3\n"
            + "outputs: { watermark: { text: \"(c) shop\" } }\n",
        "version: 1\nname: b\nprovider: ark\nrows: { jsonl: rows.jsonl }\nprompt: \"a {{ sku }}\"\nmodels: [seedream-4.5]\n",
        // output_format is Seedream 5.0 lite's only (docs/provider-apis.md §1).
        "version: 1\nname: c\nprovider: ark\nrows: { inline: [ { sku: A } ] }\nprompt: \"a {{ sku }}\"\nmodels: [seedream-5.0-lite]\noutput_format: png\n",
        // Failover between two providers of one model (docs/providers.md, Failover).
        "version: 1\nname: d\nprovider: [ark, fal]\nroute: cheapest\nprompt: \"a cat\"\nmodels: [seedream-4.0]\nsizes: [2048x2048]\n",
    ];

    [Theory]
    [InlineData("catalog.yaml", 124, 0.04 * 124)]
    [InlineData("seeded-regeneration.yaml", 72, 0.03 * 72)]
    [InlineData("nightly-content.yaml", 10, 0.03 * 10)]
    public void Load_ExamplePipeline_PlansWithoutErrorsAndExpectedJobCount(string file, long jobs, double cost)
    {
        // catalog: 32 products x 2 styles x 2 sizes = 128, less the lifestyle shots (2 sizes) of the 2 socks rows = 124.
        // seeded-regeneration: 3 rows x 2 lights x 2 sizes x 3 seeds x 2 repeats = 72.
        // nightly-content: 5 of the 6 topics (not the newsletter) x 2 sizes = 10.
        var load = ManifestLoader.Load(RepoPaths.Of("pipelines", file));
        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));

        var plan = PlanBuilder.Build(load.Pipeline!, ManifestFiles.Run, loadDiagnostics: load.Diagnostics);

        Assert.False(plan.HasErrors, string.Join("\n", plan.Diagnostics));
        Assert.Equal(jobs, plan.Jobs);
        Assert.Equal((decimal)cost, plan.EstimatedCostUsd);
    }

    [Fact]
    public void Load_MaximalManifest_EveryKeyAcceptedWithoutErrors()
    {
        using var dir = new TempDirectory();
        dir.WriteBytes("logo.png", TinyImages.Png());
        Directory.CreateDirectory(Path.Combine(dir.Path, "shared"));

        var pipeline = ManifestFiles.LoadValid(dir, Maximal, ("data.csv", MaximalCsv));
        var jobs = ManifestFiles.Expand(pipeline);

        Assert.Equal(ArkRegion.China, pipeline.Providers["ark"].Value.Region);
        Assert.Equal(';', pipeline.Rows!.Delimiter);
        Assert.Equal(0.05m, pipeline.PriceOverrides[SeedreamModel.Seedream45]);
        Assert.True(pipeline.Options.Stream);
        Assert.Equal(5000, pipeline.MaxJobs);
        Assert.Equal(new CoordinationSpec(new Uri("redis://redis.internal:6380"), "seedream:2026-12-02", 20), pipeline.Coordination);
        // S1 (shoes): 2 styles; B1 (bags): studio only; T1 filtered out. x 2 sizes x 2 seeds x 2 repeats.
        Assert.Equal(3 * 2 * 2 * 2, jobs.Count);
        Assert.All(jobs, j => Assert.Equal("doubao-seedream-4-5-251128", j.Request.ProviderModelId));
        Assert.All(jobs, j => Assert.Equal(0.10m, j.EstimatedCostUsd));
    }

    [Fact]
    public void Expand_ArkEndpointForAModel_SentInPlaceOfItsIdInEitherRegion()
    {
        using var dir = new TempDirectory();
        var pipeline = ManifestFiles.LoadValid(dir,
            "version: 1\nname: ep\nprovider: ark\nproviders: { ark: { region: china, endpoints: { seedream-4.5: ep-20251128123456-abcde } } }\n"
            + "prompt: \"a cat\"\nmodels: [seedream-4.5, seedream-4.0]\n");

        var ids = ManifestFiles.Expand(pipeline).Select(j => j.Request.ProviderModelId).ToList();

        Assert.Equal(["ep-20251128123456-abcde", "doubao-seedream-4-0-250828"], ids);
    }

    [Theory]
    [InlineData("ark", "{ seedream-9: ep-1 }", "unknown model 'seedream-9'")]
    [InlineData("ark", "{ seedream-4.5: seedream-4-5-251128 }", "is not an endpoint id")]
    [InlineData("acedata", "{ seedream-4.5: ep-1 }", "endpoint ids are an Ark feature")]
    public void Load_BadEndpoints_LocatedError(string provider, string endpoints, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", $"version: 1\nname: ep\nprovider: {provider}\nproviders: {{ {provider}: {{ endpoints: {endpoints} }} }}\nprompt: \"a cat\"\nmodels: [seedream-4.5]\n");

        var load = ManifestLoader.Load(path);

        Assert.False(load.Succeeded);
        Assert.Contains(load.Diagnostics, d => d.IsError && d.Message.Contains(expected, StringComparison.Ordinal) && d.Location.Line == 4);
    }

    [Fact]
    public void Load_AlternativeSources_EveryRemainingKeyAccepted()
    {
        foreach (var yaml in Alternatives)
        {
            using var dir = new TempDirectory();
            ManifestFiles.LoadValid(dir, yaml,
                ("rows.json", "[{\"sku\": \"A\"}]"), ("rows.jsonl", "{\"sku\": \"A\"}\n"), ("p.txt", "a {{ sku }}"));
        }
    }

    [Fact]
    public void ManifestKeys_EveryKey_UsedByTheManifestsAbove()
    {
        var used = KeyPattern().Matches(Maximal + string.Concat(Alternatives)).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        var missing = ManifestKeys.Sections.SelectMany(s => s.Value).Where(k => !used.Contains(k) && !RefusedForNow.Contains(k)).ToList();

        Assert.Empty(missing);
    }

    /// <summary>Keys the loader knows but refuses in this version (each has its own test below).</summary>
    private static readonly string[] RefusedForNow = [];

    [Fact]
    public void Load_ProviderList_AcceptedAsARouteWithTheFirstProviderAsDialect()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", "version: 1\nname: r\nprovider: [ark, fal]\nroute: cheapest\nprompt: \"a cat\"\nmodels: [seedream-4.0]\nsizes: [2048x2048]\n");

        var load = ManifestLoader.Load(path);

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        Assert.Equal(("ark", ProviderDialect.Ark), (load.Pipeline!.ProviderName, load.Pipeline.Dialect));
        Assert.Equal(["ark", "fal"], load.Pipeline.Route!.Providers);
        Assert.Equal(RouteMode.Cheapest, load.Pipeline.Route.Mode);
        Assert.Equal([ProviderDialect.Ark, ProviderDialect.Fal], load.Pipeline.Dialects);
    }

    [Fact]
    public void Load_ProviderListWithOnlyTheFirstProvidersSection_OtherProvidersKeepTheirOwnDefaults()
    {
        // providers.ark is Ark's section only: fal must not borrow its address and key variable.
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", "version: 1\nname: r\nprovider: [ark, fal]\nproviders:\n  ark: { api_key_env: MY_ARK_KEY }\nprompt: \"a cat\"\nmodels: [seedream-4.0]\nsizes: [2048x2048]\n");

        var load = ManifestLoader.Load(path);

        Assert.True(load.Succeeded, string.Join("\n", load.Diagnostics));
        var fal = load.Pipeline!.ProviderSettingsFor(ProviderDialect.Fal);
        Assert.Equal((ProviderDialect.Fal, ProviderSettings.DefaultsFor(ProviderDialect.Fal).ApiKeyEnv), (fal.Dialect, fal.ApiKeyEnv));
        Assert.Equal("MY_ARK_KEY", load.Pipeline.ProviderSettingsFor(ProviderDialect.Ark).ApiKeyEnv);
    }

    [Fact]
    public void Load_ProviderList_EveryProviderCheckedAndNamedInItsFinding()
    {
        // 2K is an Ark preset; fal takes only WxH for this model: a job that failed over there would be refused.
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", "version: 1\nname: r\nprovider: [ark, fal]\nprompt: \"a cat\"\nmodels: [seedream-4.0]\nsizes: [2K]\n");

        var load = ManifestLoader.Load(path);

        var error = Assert.Single(load.Diagnostics, d => d.IsError);
        Assert.Equal(6, error.Location.Line);
        Assert.EndsWith("(provider fal of the route)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provider")]
    [InlineData("model_id")]
    public void Load_ProviderList_ProviderVariableInATemplateIsAnError(string variable)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", "version: 1\nname: r\nprovider: [ark, fal]\nprompt: \"a cat\"\nmodels: [seedream-4.0]\nsizes: [2048x2048]\noutputs: { name: \"cat-{{ " + variable + " }}\" }\n");

        var load = ManifestLoader.Load(path);

        var error = Assert.Single(load.Diagnostics, d => d.IsError);
        Assert.StartsWith($"'{variable}' is not known before a job is sent when the manifest routes between providers (ark, fal)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("provider: ark\nroute: ordered", 4, "route chooses among several providers")]
    [InlineData("provider: [ark]", 3, "routes between two or more providers")]
    [InlineData("provider: [ark, ark]", 3, "provider 'ark' is listed twice")]
    [InlineData("provider: [ark, sim]", 3, "provider 'sim' is not one of: ark, acedata")]
    [InlineData("provider: [ark, replicate]", 5, "model seedream-4.5 is not offered by provider replicate of the route")]
    [InlineData("provider: [ark, fal]\nroute: fastest", 4, "route 'fastest' is not one of: ordered, cheapest")]
    public void Load_BadRoute_LocatedError(string lines, int line, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", $"version: 1\nname: r\n{lines}\nprompt: \"a cat\"\nmodels: [seedream-4.5]\n");

        var load = ManifestLoader.Load(path);

        Assert.Contains(load.Diagnostics, d => d.IsError && d.Message.Contains(expected, StringComparison.Ordinal) && d.Location.Line == line);
    }

    [Theory]
    [InlineData("modles: [seedream-4.5]", "unknown key 'modles' in the manifest (did you mean 'models'?)")]
    [InlineData("models: [seedream-4.5]\nsize: [2K]", "unknown key 'size' in the manifest (did you mean 'sizes'?)")]
    [InlineData("models: [seedream-4.5]\nbudget: { max_image: 5 }", "unknown key 'max_image' in budget (did you mean 'max_images'?)")]
    [InlineData("models: [seedream-45]", "unknown model 'seedream-45'; canonical names are")]
    [InlineData("models: [seedream-4.5]\ncoordination: { redis: \"http://r:6379\" }", "coordination.redis 'http://r:6379' is not redis://host:port")]
    [InlineData("models: [seedream-4.5]\ncoordination: { redis: \"redis://:secret@r:6379\" }", "coordination.redis 'redis://:secret@r:6379' is not redis://host:port")]
    [InlineData("models: [seedream-4.5]\ncoordination: { key_prefix: x }", "coordination.redis is required")]
    [InlineData("models: [seedream-4.5]\ncoordination: { redis: \"redis://r\", key_prefix: \"a b\" }", "coordination.key_prefix 'a b' may hold only")]
    public void Load_MisspeltKey_OneErrorWithSuggestion(string lines, string messageStart)
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal.Replace("models: [seedream-4.5]", lines, StringComparison.Ordinal);

        var result = ManifestFiles.Load(dir, yaml);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(messageStart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SimProvider_SpeaksArk()
    {
        using var dir = new TempDirectory();

        var pipeline = ManifestFiles.LoadValid(dir, ManifestFiles.Minimal.Replace("provider: ark", "provider: sim", StringComparison.Ordinal));

        Assert.Equal(ProviderDialect.Ark, pipeline.Dialect);
        Assert.Equal("sim", pipeline.ProviderName);
        Assert.True(pipeline.UsesSimulator);
        Assert.Equal("seedream-4-5-251128", Assert.Single(ManifestFiles.Expand(pipeline)).Request.ProviderModelId);
    }

    [Fact]
    public void Load_Utf8Bom_LoadsAndKeepsLineNumbers()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("pipeline.yaml", ManifestFiles.Minimal.Replace("[2048x2048]", "[big]", StringComparison.Ordinal), bom: true);

        var result = ManifestLoader.Load(path);
        var clean = ManifestLoader.Load(dir.Write("ok.yaml", ManifestFiles.Minimal, bom: true));

        Assert.True(clean.Succeeded, string.Join("\n", clean.Diagnostics));
        var error = Assert.Single(result.Errors);
        Assert.Equal((6, 9), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Load_NotUtf8_OneErrorSayingSo()
    {
        using var dir = new TempDirectory();
        var bytes = System.Text.Encoding.Latin1.GetBytes(ManifestFiles.Minimal.Replace("a red mug", "a caf\u00e9 mug", StringComparison.Ordinal));

        var result = ManifestLoader.Load(dir.WriteBytes("pipeline.yaml", bytes));

        Assert.Equal("the manifest is not UTF-8 text", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Load_TwoYamlDocuments_ErrorAtTheSecond()
    {
        using var dir = new TempDirectory();

        var result = ManifestFiles.Load(dir, ManifestFiles.Minimal + "\n---\nversion: 1\n");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("the manifest holds more than one YAML document", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, error.Location.Line);
    }

    [Theory]
    [InlineData("|")]
    [InlineData(">")]
    [InlineData("|-")]
    [InlineData(">-")]
    public void Load_BlockScalarPromptWithUnknownVariable_ErrorAtItsLineAndColumn(string indicator)
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal.Replace("prompt: \"a red mug\"", $"prompt: {indicator}\n  a red mug\n  on a table, {{{{ nope }}}}\n  in daylight", StringComparison.Ordinal);

        var result = ManifestFiles.Load(dir, yaml);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("unknown variable 'nope'", error.Message, StringComparison.Ordinal);
        Assert.Equal((6, 18), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Load_PromptFileWithUnknownVariable_ErrorInTheTemplateFile()
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal.Replace("prompt: \"a red mug\"", "prompt: { file: templates/hero.txt }", StringComparison.Ordinal);

        var result = ManifestFiles.Load(dir, yaml, ("templates/hero.txt", "A product photo\nof a {{ colour }} mug\n"));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("unknown variable 'colour'", error.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(dir.Path, "templates", "hero.txt"), Path.GetFullPath(error.Location.File));
        Assert.Equal((2, 9), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Load_SeedsOnModelThatIgnoresThem_WarningAtSeeds()
    {
        using var dir = new TempDirectory();

        var result = ManifestFiles.Load(dir, ManifestFiles.Minimal + "\nseeds: [1, 2]\n");

        Assert.True(result.Succeeded);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("seedream-4.5 on ark ignores seeds", warning.Message, StringComparison.Ordinal);
        Assert.Equal((8, 8), (warning.Location.Line, warning.Location.Column));
    }

    [Fact]
    public void Load_SeedsOnSeedream30_NoWarning()
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal.Replace("[seedream-4.5]", "[seedream-3.0-t2i]", StringComparison.Ordinal)
            .Replace("[2048x2048]", "[1024x1024]", StringComparison.Ordinal);

        var result = ManifestFiles.Load(dir, yaml + "\nseeds: [1, 2]\n");

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Load_ColumnNamedLikeBuiltIn_WarnsAndColumnStaysReachableAsRowDotName()
    {
        using var dir = new TempDirectory();
        var yaml = ManifestFiles.Minimal.Replace("prompt: \"a red mug\"", "prompt: \"a mug, {{ row.size }} / {{ size }}\"\nrows: { csv: data.csv }", StringComparison.Ordinal);

        var result = ManifestFiles.Load(dir, yaml, ("data.csv", "sku,size\nA,large\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("catalog column 'size' has the name of a built-in variable", warning.Message, StringComparison.Ordinal);
        Assert.Equal(5, warning.Location.Line);
        Assert.Equal("a mug, large / 2048x2048", Assert.Single(ManifestFiles.Expand(result.Pipeline!)).Request.Prompt);
    }

    [GeneratedRegex(@"(?:^|[\s{,])([a-z_]+):", RegexOptions.Multiline)]
    private static partial Regex KeyPattern();
}
