using System.Text.RegularExpressions;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Expansion;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Providers;
using SeedreamBatch.Core.Rows;
using SeedreamBatch.Core.Templating;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Walks the manifest's YAML tree section by section. Each section reports its own problems and
/// falls back to a harmless value so later sections are still checked: one run shows every error.
/// </summary>
internal sealed partial class ManifestParser(YamlReader reader, string manifestPath, string text, string sha256, string? environment = null)
{
    private const int MaxSeed = int.MaxValue;

    private readonly string _baseDirectory = Path.GetDirectoryName(manifestPath)!;

    /// <summary>What the variant and watermark specs' own checks found (<see cref="VariantParser.RecipeProblems"/>).</summary>
    private IReadOnlyList<Diagnostic> _recipeProblems = [];
    private readonly string[] _lines = text.Split('\n');
    private FileAccessRule _access = FileAccessRule.For(Path.GetDirectoryName(manifestPath)!, []);

    public PipelineSpec? Parse(YamlNode root)
    {
        var f = reader.Fields(root, "the manifest", ManifestKeys.Root);
        if (f is null)
        {
            return null;
        }

        var rootLocation = reader.At(root);

        // First: every file named below is checked against it.
        _access = f.TryGetValue("files", out var filesNode) ? ParseFiles(filesNode) : _access;
        ParseVersion(f, root);
        var name = Required(f, "name", root) is { } nameNode ? ParseName(nameNode) : "pipeline";
        var (providerName, dialect, route) = ParseProvider(f, root);
        var providers = f.TryGetValue("providers", out var providersNode) ? ParseProviders(providersNode) : new Dictionary<string, Located<ProviderSettings>>();
        var rows = f.TryGetValue("rows", out var rowsNode) ? ParseRows(rowsNode) : null;
        var matrix = f.TryGetValue("matrix", out var matrixNode) ? ParseMatrix(matrixNode) : MatrixSpec.Empty;
        var prompt = Required(f, "prompt", root) is { } promptNode ? ParsePrompt(promptNode) : null;
        var references = f.TryGetValue("references", out var refsNode) ? ParseReferences(refsNode) : [];
        var models = Required(f, "models", root) is { } modelsNode ? ParseModels(modelsNode) : [];
        var sizes = f.TryGetValue("sizes", out var sizesNode) ? ParseSizes(sizesNode) : [];
        var seeds = f.TryGetValue("seeds", out var seedsNode) ? ParseSeeds(seedsNode) : SeedSpec.None;
        var repeat = f.TryGetValue("repeat", out var repeatNode) ? reader.Int(repeatNode, "repeat", 1, 1000) ?? 1 : 1;
        var imagesPerJob = f.TryGetValue("images_per_job", out var ipjNode) ? reader.Int(ipjNode, "images_per_job", 1, 15) ?? 1 : 1;
        var options = ParseOptions(f);
        var outputs = ParseOutputs(f.GetValueOrDefault("outputs"), rootLocation);
        var budget = f.TryGetValue("budget", out var budgetNode) ? ParseBudget(budgetNode) : BudgetSpec.Unlimited;
        var retry = f.TryGetValue("retry", out var retryNode) ? ParseRetry(retryNode) : RetrySpec.Default;
        var pricing = f.TryGetValue("pricing", out var pricingNode) ? ParsePricing(pricingNode) : new Dictionary<SeedreamModel, decimal>();
        var export = f.TryGetValue("export", out var exportNode) ? ParseExport(exportNode) : ExportSpec.None;
        var coordination = f.TryGetValue("coordination", out var coordinationNode) ? ParseCoordination(coordinationNode) : null;
        var maxJobs = f.TryGetValue("max_jobs", out var maxJobsNode) ? reader.Integer(maxJobsNode, "max_jobs", 1, 100_000_000) ?? 100_000 : 100_000;
        var schedule = f.TryGetValue("schedule", out var scheduleNode) ? ParseSchedule(scheduleNode) : null;
        var notify = f.TryGetValue("notify", out var notifyNode) ? ParseNotify(notifyNode) : null;

        if (prompt is null || outputs is null)
        {
            return null;
        }

        var pipeline = new PipelineSpec
        {
            ManifestPath = manifestPath,
            ManifestSha256 = sha256,
            FileAccess = _access,
            Name = name,
            Description = f.TryGetValue("description", out var descNode) ? reader.String(descNode, "description", allowEmpty: true) : null,
            ProviderName = providerName,
            Dialect = dialect,
            Route = route,
            Providers = providers,
            Rows = rows,
            Matrix = matrix,
            Prompt = prompt,
            References = references,
            Models = models,
            Sizes = sizes,
            Seeds = seeds,
            Repeat = repeat,
            ImagesPerJob = imagesPerJob,
            Options = options,
            Outputs = outputs,
            Export = export,
            Budget = budget,
            Retry = retry,
            PriceOverrides = pricing,
            MaxJobs = maxJobs,
            Schedule = schedule,
            Notify = notify,
            Environment = environment,
            Coordination = coordination,
        };

        var columns = new ManifestChecks(reader, pipeline, f, _recipeProblems).Run();
        return pipeline with { RowColumns = columns };
    }

    private YamlNode? Required(Dictionary<string, YamlNode> fields, string key, YamlNode parent)
    {
        if (fields.TryGetValue(key, out var node))
        {
            return node;
        }

        if (!reader.WasSuggested(key))
        {
            reader.Error(parent, $"missing required key '{key}'");
        }

        return null;
    }

    private void ParseVersion(Dictionary<string, YamlNode> f, YamlNode root)
    {
        if (Required(f, "version", root) is { } node && reader.Integer(node, "version", long.MinValue, long.MaxValue) is { } v && v != 1)
        {
            reader.Error(node, $"version {v} is not supported; this tool reads manifest version 1");
        }
    }

    private string ParseName(YamlNode node)
    {
        var name = reader.String(node, "name") ?? "pipeline";
        if (!NamePattern().IsMatch(name))
        {
            reader.Error(node, $"name '{name}' may hold only letters, digits, '.', '_' and '-' (it names folders and files)");
        }

        return name;
    }

    /// <summary>
    /// <c>provider: ark</c>, or a list (<c>provider: [ark, fal]</c>) that routes one model across several providers, ranked
    /// by <c>route: ordered | cheapest</c>. A list names the first provider as the pipeline's dialect; every provider of
    /// the list is checked as if it were the only one (docs/providers.md, Failover).
    /// </summary>
    private (string Name, ProviderDialect Dialect, RouteSpec? Route) ParseProvider(Dictionary<string, YamlNode> f, YamlNode root)
    {
        var modeNode = f.GetValueOrDefault("route");
        if (Required(f, "provider", root) is not { } node)
        {
            return (ProviderDialectNames.Simulator, ProviderDialect.Ark, null);
        }

        if (node is not YamlSequenceNode list)
        {
            if (modeNode is not null)
            {
                reader.Error(modeNode, "route chooses among several providers: list them, as in provider: [ark, fal]");
            }

            var name = reader.OneOf(node, "provider", ProviderDialectNames.All);
            return name is not null && ProviderDialectNames.TryParse(name, out var dialect)
                ? (name, dialect, null)
                : (ProviderDialectNames.Simulator, ProviderDialect.Ark, null);
        }

        // The simulator is a stand-in for one provider, not a provider to fail over to.
        var routable = ProviderDialectNames.All.Where(n => n != ProviderDialectNames.Simulator).ToList();
        var names = new List<string>();
        foreach (var item in list.Children)
        {
            if (reader.OneOf(item, "provider", routable) is not { } name)
            {
                continue;
            }

            if (names.Contains(name))
            {
                reader.Error(item, $"provider '{name}' is listed twice");
                continue;
            }

            names.Add(name);
        }

        var mode = modeNode is not null && reader.OneOf(modeNode, "route", ["ordered", "cheapest"]) == "cheapest" ? RouteMode.Cheapest : RouteMode.Ordered;
        if (list.Children.Count < 2)
        {
            reader.Error(node, "a provider list routes between two or more providers; name a single provider as provider: ark");
        }

        if (names.Count == 0 || !ProviderDialectNames.TryParse(names[0], out var first))
        {
            return (ProviderDialectNames.Simulator, ProviderDialect.Ark, null);
        }

        // The first provider names the pipeline (its dialect is the job's default request); ManifestChecks checks the
        // models, options and prices against every provider of the route.
        return (names[0], first, new RouteSpec(names, mode, reader.At(node)));
    }

    /// <summary><c>providers:</c>, each section applied on its dialect's defaults (checked as a whole by <see cref="ManifestChecks"/>).</summary>
    private Dictionary<string, Located<ProviderSettings>> ParseProviders(YamlNode node)
    {
        var result = new Dictionary<string, Located<ProviderSettings>>(StringComparer.Ordinal);
        var names = ProviderDialectNames.All.Where(n => n != ProviderDialectNames.Simulator).ToList();
        foreach (var (key, value) in reader.Entries(node, "providers") ?? [])
        {
            var name = key.Value!;
            if (!names.Contains(name) || !ProviderDialectNames.TryParse(name, out var dialect))
            {
                reader.Error(key, $"unknown provider '{name}' under providers; known: {string.Join(", ", names)}{YamlReader.Suggest(name, names)}");
                continue;
            }

            var f = reader.Fields(value, $"providers.{name}", ManifestKeys.Provider);
            if (f is null)
            {
                continue;
            }

            string? Text(string k) => f.TryGetValue(k, out var n) ? reader.String(n, $"providers.{name}.{k}") : null;
            int? Int(string k, int min, int max) => f.TryGetValue(k, out var n) ? reader.Int(n, $"providers.{name}.{k}", min, max) : null;
            double? Seconds(string k) => f.TryGetValue(k, out var n) ? reader.Double(n, $"providers.{name}.{k}", 0.01, 86_400) : null;

            var s = ProviderSettings.DefaultsFor(dialect);
            var region = f.TryGetValue("region", out var regionNode) ? reader.OneOf(regionNode, $"providers.{name}.region", ["international", "china"]) : null;
            var poll = Seconds("poll_interval_seconds") is { } p ? TimeSpan.FromSeconds(p) : s.PollInterval;
            var settings = s with
            {
                BaseUrl = Text("base_url") ?? s.BaseUrl,
                ApiKeyEnv = Text("api_key_env") ?? s.ApiKeyEnv,
                Region = region is null ? s.Region : region == "china" ? ArkRegion.China : ArkRegion.International,
                Concurrency = Int("concurrency", 1, 1024) ?? s.Concurrency,
                ImagesPerMinute = Int("images_per_minute", 1, 1_000_000) ?? s.ImagesPerMinute,
                RequestsPerMinute = Int("requests_per_minute", 1, 1_000_000) ?? s.RequestsPerMinute,
                RequestTimeout = Seconds("timeout_seconds") is { } timeout ? TimeSpan.FromSeconds(timeout) : s.RequestTimeout,
                PollInterval = poll,
                // A slower first poll than the default ceiling raises the ceiling with it rather than failing validation.
                MaxPollInterval = poll > s.MaxPollInterval ? poll : s.MaxPollInterval,
                AllowInsecure = (f.TryGetValue("allow_insecure", out var insecureNode) ? reader.Bool(insecureNode, $"providers.{name}.allow_insecure") : null) ?? s.AllowInsecure,
                CallbackListen = Text("callback_listen") ?? s.CallbackListen,
                CallbackPublicUrl = Text("callback_public_url") ?? s.CallbackPublicUrl,
                SinanCreatePath = Text("create_path") ?? s.SinanCreatePath,
                SinanTaskPath = Text("task_path") ?? s.SinanTaskPath,
                Endpoints = f.TryGetValue("endpoints", out var endpointsNode) ? Endpoints(name, endpointsNode) : s.Endpoints,
            };
            CheckBaseUrl(name, settings, f.GetValueOrDefault("base_url"));
            if (f.ContainsKey("callback_public_url") && settings.CallbackPublicUrl is { } callback && UrlSecrets.Find(callback) is { } callbackSecret)
            {
                reader.Error(f["callback_public_url"], $"providers.{name}.callback_public_url holds {callbackSecret}; the receiver adds its own random token");
            }

            CheckEnvName(settings.ApiKeyEnv, f.GetValueOrDefault("api_key_env"));
            result[name] = new Located<ProviderSettings>(settings.Pinned(), reader.At(key));
        }

        return result;
    }

    /// <summary><c>providers.ark.endpoints</c>: canonical model → endpoint id (<c>ep-…</c>).</summary>
    private Dictionary<SeedreamModel, string> Endpoints(string provider, YamlNode node)
    {
        var result = new Dictionary<SeedreamModel, string>();
        var what = $"providers.{provider}.endpoints";
        if (provider != "ark")
        {
            reader.Error(node, $"{what}: endpoint ids are an Ark feature; remove endpoints here");
            return result;
        }

        foreach (var (key, value) in reader.Entries(node, what) ?? [])
        {
            if (!SeedreamModelNames.TryParse(key.Value, out var model))
            {
                reader.Error(key, $"{what}: unknown model '{key.Value}'; known: {string.Join(", ", SeedreamModelNames.All)}{YamlReader.Suggest(key.Value!, SeedreamModelNames.All)}");
                continue;
            }

            if (reader.String(value, $"{what}.{key.Value}") is not { } id)
            {
                continue;
            }

            if (!id.StartsWith("ep-", StringComparison.Ordinal) || id.Any(char.IsWhiteSpace))
            {
                reader.Error(value, $"{what}.{key.Value}: '{id}' is not an endpoint id (they look like ep-20251128123456-abcde)");
                continue;
            }

            result[model] = id;
        }

        return result;
    }

    private void CheckBaseUrl(string name, ProviderSettings section, YamlNode? node)
    {
        if (node is null || section.BaseUrl is null)
        {
            return;
        }

        // Checked first, and never echoed: the value may hold a secret that must not reach a terminal or a log.
        if (UrlSecrets.Find(section.BaseUrl) is { } secret)
        {
            reader.Error(node, $"providers.{name}.base_url holds {secret}; credentials never go in the manifest (the key comes from the environment variable named by api_key_env)");
            return;
        }

        if (!Uri.TryCreate(section.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            reader.Error(node, $"providers.{name}.base_url '{section.BaseUrl}' is not an absolute http(s) URL");
        }
        else if (uri.Scheme == "http" && !uri.IsLoopback && !section.AllowInsecure)
        {
            reader.Error(node, $"providers.{name}.base_url uses plain http:// to a non-local host, which would send the API key unencrypted; use https:// or set allow_insecure: true");
        }
    }

    private void CheckEnvName(string? name, YamlNode? node)
    {
        if (node is not null && name is not null && !EnvNamePattern().IsMatch(name))
        {
            reader.Error(node, $"api_key_env '{name}' is not an environment variable name (the key itself never goes in the manifest)");
        }
    }

    private RowsSpec? ParseRows(YamlNode node)
    {
        var at = reader.At(node);
        if (node is YamlSequenceNode)
        {
            return new RowsSpec(RowsSourceKind.Inline, null, ',', ParseInlineRows(node), null, null, at);
        }

        var f = reader.Fields(node, "rows", ManifestKeys.Rows);
        if (f is null)
        {
            return null;
        }

        var sources = new[] { "csv", "json", "jsonl", "inline" }.Where(f.ContainsKey).ToList();
        if (sources.Count != 1)
        {
            reader.Error(node, sources.Count == 0
                ? "rows needs one source: csv: <file>, json: <file>, jsonl: <file> or inline: [ ... ]"
                : $"rows has {string.Join(" and ", sources)}; give exactly one source");
            return null;
        }

        var kind = sources[0] switch
        {
            "csv" => RowsSourceKind.Csv,
            "json" => RowsSourceKind.Json,
            "jsonl" => RowsSourceKind.JsonLines,
            _ => RowsSourceKind.Inline,
        };
        var sourceNode = f[sources[0]];
        string? path = null;
        IReadOnlyList<Row> inline = [];
        if (kind == RowsSourceKind.Inline)
        {
            inline = ParseInlineRows(sourceNode);
        }
        else
        {
            path = ResolveInputFile(sourceNode, $"rows.{sources[0]}", InputLimits.CatalogBytes, "the catalog");
        }

        var delimiter = ',';
        if (f.TryGetValue("delimiter", out var delimiterNode) && reader.String(delimiterNode, "rows.delimiter", allowEmpty: true) is { } d)
        {
            var value = d == "\\t" ? "\t" : d;
            if (value.Length != 1 || kind != RowsSourceKind.Csv)
            {
                reader.Error(delimiterNode, kind != RowsSourceKind.Csv ? "rows.delimiter applies to csv only" : $"rows.delimiter must be one character (',', ';', '\\t'), not '{d}'");
            }
            else
            {
                delimiter = value[0];
            }
        }

        var where = f.TryGetValue("where", out var whereNode) ? ParseWhere(whereNode) : null;
        var limit = f.TryGetValue("limit", out var limitNode) ? reader.Integer(limitNode, "rows.limit", 1, long.MaxValue) : null;
        return path is null && kind != RowsSourceKind.Inline ? null : new RowsSpec(kind, path, delimiter, inline, where, limit, at);
    }

    private List<Row> ParseInlineRows(YamlNode node)
    {
        var rows = new List<Row>();
        foreach (var item in reader.List(node, "rows.inline") ?? [])
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in reader.Entries(item, "an inline row") ?? [])
            {
                if (reader.String(value, $"row value '{key.Value}'", allowEmpty: true) is { } v)
                {
                    values[key.Value!] = v;
                }
            }

            rows.Add(new Row(values, reader.At(item), rows.Count));
        }

        return rows;
    }

    private RowFilter? ParseWhere(YamlNode node)
    {
        var conditions = new List<RowCondition>();
        foreach (var (key, value) in reader.Entries(node, "rows.where") ?? [])
        {
            var items = reader.List(value, $"rows.where.{key.Value}", allowSingle: true) ?? [];
            var texts = items.Select(i => reader.String(i, $"rows.where.{key.Value}", allowEmpty: true)).OfType<string>().ToList();
            if (RowCondition.TryParse(key.Value!, texts, reader.At(key), out var condition, out var error))
            {
                conditions.Add(condition);
            }
            else
            {
                reader.Add([error]);
            }
        }

        return conditions.Count == 0 ? null : new RowFilter(conditions);
    }

    private MatrixSpec ParseMatrix(YamlNode node)
    {
        var axes = new List<MatrixAxis>();
        var include = new List<MatrixEntry>();
        var exclude = new List<MatrixEntry>();
        foreach (var (key, value) in reader.Entries(node, "matrix") ?? [])
        {
            var name = key.Value!;
            if (name is "include" or "exclude")
            {
                var target = name == "include" ? include : exclude;
                foreach (var item in reader.List(value, $"matrix.{name}") ?? [])
                {
                    var values = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var (k, v) in reader.Entries(item, $"a matrix.{name} entry") ?? [])
                    {
                        if (reader.String(v, $"matrix.{name}.{k.Value}", allowEmpty: true) is { } text)
                        {
                            values[k.Value!] = text;
                        }
                    }

                    target.Add(new MatrixEntry(values, reader.At(item)));
                }

                continue;
            }

            if (!VariableNamePattern().IsMatch(name))
            {
                reader.Error(key, $"matrix axis '{name}' must be a variable name (letters, digits, '_' and '-')");
                continue;
            }

            var axisValues = (reader.List(value, $"matrix.{name}") ?? [])
                .Select(v => reader.String(v, $"a value of matrix.{name}", allowEmpty: true))
                .OfType<string>()
                .ToList();
            axes.Add(new MatrixAxis(name, axisValues, reader.At(key)));
        }

        // Checked in ManifestChecks, where the catalog's columns (which entries may also name) are known.
        return new MatrixSpec(axes, include, exclude);
    }

    private Template? ParsePrompt(YamlNode node)
    {
        if (node is YamlScalarNode)
        {
            return ParseTemplate(node, "prompt");
        }

        var f = reader.Fields(node, "prompt", ManifestKeys.Prompt);
        if (f is null)
        {
            return null;
        }

        if (f.Count != 1)
        {
            reader.Error(node, "prompt needs exactly one of file: <path> or inline: <text>");
            return null;
        }

        if (f.TryGetValue("inline", out var inline))
        {
            return ParseTemplate(inline, "prompt.inline");
        }

        const string What = "the prompt file";
        if (ResolveExistingFile(f["file"], "prompt.file") is not { } path
            || CheckFile(f["file"], "prompt.file", () => LocalFile.DecodeUtf8(LocalFile.ReadAllBytes(path, InputLimits.TemplateBytes, What), What)) is not { } content)
        {
            return null;
        }

        var shown = ManifestLoader.DisplayPath(path);
        var parsed = Template.Parse(content.TrimEnd('\r', '\n'), new SourceLocation(shown, 1, 1));
        reader.Add(parsed.Errors);
        if (parsed.Template is { } t && string.IsNullOrWhiteSpace(t.Text))
        {
            reader.Error(SourceLocation.OfFile(shown), "the prompt file is empty");
        }

        return parsed.Template;
    }

    private List<Template> ParseReferences(YamlNode node)
    {
        var templates = new List<Template>();
        foreach (var item in reader.List(node, "references", allowSingle: true) ?? [])
        {
            if (ParseTemplate(item, "a reference") is { } t)
            {
                templates.Add(t);
            }
        }

        return templates;
    }

    private List<Located<SeedreamModel>> ParseModels(YamlNode node)
    {
        var models = new List<Located<SeedreamModel>>();
        foreach (var item in reader.List(node, "models", allowSingle: true) ?? [])
        {
            var text = reader.String(item, "a model");
            if (text is null)
            {
                continue;
            }

            if (!SeedreamModelNames.TryParse(text, out var model))
            {
                reader.Error(item, $"unknown model '{text}'; canonical names are {string.Join(", ", SeedreamModelNames.All)}{YamlReader.Suggest(text, SeedreamModelNames.All)}");
                continue;
            }

            if (models.Any(m => m.Value == model))
            {
                reader.Error(item, $"model '{text}' is listed twice");
                continue;
            }

            models.Add(new Located<SeedreamModel>(model, reader.At(item)));
        }

        if (models.Count == 0 && node is YamlSequenceNode { Children.Count: 0 })
        {
            reader.Error(node, "models is empty; name at least one (e.g. seedream-4.5)");
        }

        return models;
    }

    private List<Located<ImageSize>> ParseSizes(YamlNode node)
    {
        var sizes = new List<Located<ImageSize>>();
        foreach (var item in reader.List(node, "sizes", allowSingle: true) ?? [])
        {
            var text = reader.String(item, "a size");
            if (text is null)
            {
                continue;
            }

            if (!ImageSize.TryParse(text, out var size, out var error))
            {
                reader.Error(item, error);
                continue;
            }

            if (sizes.Any(s => s.Value.ToString() == size.ToString()))
            {
                reader.Error(item, $"size '{size}' is listed twice");
                continue;
            }

            sizes.Add(new Located<ImageSize>(size, reader.At(item)));
        }

        return sizes;
    }

    private SeedSpec ParseSeeds(YamlNode node)
    {
        if (node is YamlScalarNode { Value: "auto" })
        {
            return SeedSpec.Auto;
        }

        if (node is YamlSequenceNode)
        {
            var values = new List<int>();
            foreach (var item in reader.List(node, "seeds") ?? [])
            {
                if (reader.Int(item, "a seed", 0, MaxSeed) is { } seed)
                {
                    if (values.Contains(seed))
                    {
                        reader.Error(item, $"seed {seed} is listed twice");
                    }

                    values.Add(seed);
                }
            }

            return values.Count == 0 ? SeedSpec.None : new SeedSpec(SeedMode.List, values);
        }

        if (node is YamlMappingNode)
        {
            var f = reader.Fields(node, "seeds", ManifestKeys.Seeds);
            if (f is null)
            {
                return SeedSpec.None;
            }

            var start = f.TryGetValue("start", out var startNode) ? reader.Int(startNode, "seeds.start", 0, MaxSeed) : null;
            var count = f.TryGetValue("count", out var countNode) ? reader.Int(countNode, "seeds.count", 1, 10_000) : null;
            if (!f.ContainsKey("start") || !f.ContainsKey("count"))
            {
                reader.Error(node, "seeds as a range needs both start and count (e.g. { start: 1000, count: 4 })");
                return SeedSpec.None;
            }

            if (start is null || count is null)
            {
                return SeedSpec.None;
            }

            if ((long)start + count - 1 > MaxSeed)
            {
                reader.Error(node, $"seeds {start}..{(long)start + count - 1} go past the largest seed {MaxSeed}");
                return SeedSpec.None;
            }

            return new SeedSpec(SeedMode.List, [.. Enumerable.Range(start.Value, count.Value)]);
        }

        reader.Error(node, $"seeds must be a list ([1, 2]), a range ({{ start: 1000, count: 4 }}) or auto, not {YamlReader.Describe(node)}");
        return SeedSpec.None;
    }

    private GenerationOptions ParseOptions(Dictionary<string, YamlNode> f) => new()
    {
        Watermark = f.TryGetValue("watermark", out var w) && (reader.Bool(w, "watermark") ?? false),
        GuidanceScale = f.TryGetValue("guidance_scale", out var g) ? reader.Double(g, "guidance_scale", 1, 10) : null,
        ResponseFormat = f.TryGetValue("response_format", out var r) ? reader.OneOf(r, "response_format", ["url", "b64_json"]) : null,
        Stream = f.TryGetValue("stream", out var s) && (reader.Bool(s, "stream") ?? false),
        OptimizePromptMode = f.TryGetValue("optimize_prompt", out var o) ? reader.OneOf(o, "optimize_prompt", ["standard", "fast"]) : null,
        OutputFormat = f.TryGetValue("output_format", out var of) ? reader.OneOf(of, "output_format", ["png", "jpeg"]) : null,
    };

    private OutputsSpec? ParseOutputs(YamlNode? node, SourceLocation rootLocation)
    {
        var f = node is null ? [] : reader.Fields(node, "outputs", ManifestKeys.Outputs);
        if (f is null)
        {
            return null;
        }

        var dir = f.TryGetValue("dir", out var dirNode)
            ? ParseTemplate(dirNode, "outputs.dir")
            : Template.Parse("out/{{ run.name }}", rootLocation).Template;
        var name = f.TryGetValue("name", out var nameNode)
            ? ParseTemplate(nameNode, "outputs.name")
            : Template.Parse("{{ job.key }}", rootLocation).Template;
        var strip = f.TryGetValue("strip_metadata", out var stripNode) ? reader.Bool(stripNode, "outputs.strip_metadata") ?? true : true;
        var provenance = f.TryGetValue("provenance", out var provNode) ? ParseProvenance(provNode) : ProvenanceSpec.Default;
        var recipe = new VariantParser(reader);
        var watermark = f.TryGetValue("watermark", out var wmNode) ? recipe.ParseWatermark(wmNode, ResolveWatermark) : null;
        var variants = recipe.ParseVariants(f.GetValueOrDefault("variants"), watermark, strip, provenance);
        _recipeProblems = recipe.RecipeProblems;
        var gallery = !f.TryGetValue("gallery", out var galleryNode) || (reader.Bool(galleryNode, "outputs.gallery") ?? true);
        var csvBom = f.TryGetValue("csv_bom", out var bomNode) && (reader.Bool(bomNode, "outputs.csv_bom") ?? false);
        return dir is null || name is null
            ? null
            : new OutputsSpec(dir, name, variants, recipe.WatermarkMargin, recipe.ProcessingKey(strip, provenance), provenance, gallery) { CsvBom = csvBom };
    }

    /// <summary><c>true</c> = the AI label and job fields; <c>false</c> = the default (the AI label alone); or a map.</summary>
    private ProvenanceSpec ParseProvenance(YamlNode node)
    {
        if (node is not YamlMappingNode)
        {
            return reader.Bool(node, "outputs.provenance") is true ? ProvenanceSpec.Default with { Job = true } : ProvenanceSpec.Default;
        }

        var f = reader.Fields(node, "outputs.provenance", ManifestKeys.Provenance);
        if (f is null)
        {
            return ProvenanceSpec.Default;
        }

        bool Flag(string key, bool fallback) => f.TryGetValue(key, out var n) ? reader.Bool(n, $"outputs.provenance.{key}") ?? fallback : fallback;
        return new ProvenanceSpec(Flag("ai_label", true), Flag("job", false), Flag("prompt", false));
    }

    private ExportSpec ParseExport(YamlNode node)
    {
        var f = reader.Fields(node, "export", ManifestKeys.Export);
        if (f is null)
        {
            return ExportSpec.None;
        }

        Template? Optional(string key) => f.TryGetValue(key, out var n) ? ParseTemplate(n, "export." + key) : null;
        return new ExportSpec(Optional("handle"), Optional("alt"), Optional("image_base_url"));
    }

    private BudgetSpec ParseBudget(YamlNode node)
    {
        var f = reader.Fields(node, "budget", ManifestKeys.Budget);
        if (f is null)
        {
            return BudgetSpec.Unlimited;
        }

        return new BudgetSpec(
            f.TryGetValue("max_cost_usd", out var cost) ? reader.Decimal(cost, "budget.max_cost_usd", 0.01m, 10_000_000m) : null,
            f.TryGetValue("max_images", out var images) ? reader.Integer(images, "budget.max_images", 1, long.MaxValue) : null);
    }

    private CoordinationSpec? ParseCoordination(YamlNode node)
    {
        var f = reader.Fields(node, "coordination", ManifestKeys.Coordination);
        if (f is null)
        {
            return null;
        }

        Uri? redis = null;
        if (!f.TryGetValue("redis", out var redisNode))
        {
            reader.Error(node, "coordination.redis is required (redis://host:6379)");
        }
        else if (reader.String(redisNode, "coordination.redis") is { } text)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "redis" or "rediss" && uri.Host.Length > 0
                && uri.UserInfo.Length == 0 && uri.AbsolutePath is "" or "/")
            {
                redis = uri;
            }
            else
            {
                // No password in the URL: it would end up in logs and in the manifest under version control.
                reader.Error(redisNode, $"coordination.redis '{text}' is not redis://host:port or rediss://host:port (no user, password or path)");
            }
        }

        var prefix = CoordinationSpec.DefaultKeyPrefix;
        if (f.TryGetValue("key_prefix", out var prefixNode) && reader.String(prefixNode, "coordination.key_prefix") is { } p)
        {
            if (p.Length <= 100 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '-' or '_' or '.'))
            {
                prefix = p;
            }
            else
            {
                reader.Error(prefixNode, $"coordination.key_prefix '{p}' may hold only letters, digits, ':', '-', '_' and '.' (at most 100)");
            }
        }

        var lease = f.TryGetValue("lease_seconds", out var leaseNode)
            ? reader.Int(leaseNode, "coordination.lease_seconds", 2, 3600) ?? CoordinationSpec.DefaultLeaseSeconds
            : CoordinationSpec.DefaultLeaseSeconds;
        return redis is null ? null : new CoordinationSpec(redis, prefix, lease);
    }

    private RetrySpec ParseRetry(YamlNode node)
    {
        var f = reader.Fields(node, "retry", ManifestKeys.Retry);
        return f is not null && f.TryGetValue("attempts", out var a) && reader.Int(a, "retry.attempts", 1, 20) is { } attempts
            ? new RetrySpec(attempts)
            : RetrySpec.Default;
    }

    private Dictionary<SeedreamModel, decimal> ParsePricing(YamlNode node)
    {
        var prices = new Dictionary<SeedreamModel, decimal>();
        foreach (var (key, value) in reader.Entries(node, "pricing") ?? [])
        {
            if (!SeedreamModelNames.TryParse(key.Value, out var model))
            {
                reader.Error(key, $"pricing: unknown model '{key.Value}'; canonical names are {string.Join(", ", SeedreamModelNames.All)}{YamlReader.Suggest(key.Value!, SeedreamModelNames.All)}");
                continue;
            }

            if (reader.Decimal(value, $"pricing.{key.Value} (USD per image)", 0m, 100m) is { } price)
            {
                prices[model] = price;
            }
        }

        return prices;
    }

    private Template? ParseTemplate(YamlNode node, string what)
    {
        var value = reader.String(node, what);
        if (value is null)
        {
            return null;
        }

        var scalar = (YamlScalarNode)node;
        var parsed = scalar.Style is YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded
            ? Template.Parse(value, BlockLocator(scalar, value))
            : Template.Parse(value, TemplateOrigin(scalar));
        reader.Add(parsed.Errors);
        return parsed.Template;
    }

    /// <summary>Where a scalar's text starts in the file: after the quote, or on the line below a | or > indicator.</summary>
    private SourceLocation TemplateOrigin(YamlScalarNode node)
    {
        var at = reader.At(node);
        switch (node.Style)
        {
            case YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted:
                return at with { Column = at.Column + 1 };
            case YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded:
                var line = at.Line; // 1-based line of the indicator; content starts on the next one
                var next = line < _lines.Length ? _lines[line] : "";
                return at with { Line = line + 1, Column = next.Length - next.TrimStart(' ').Length + 1 };
            default:
                return at;
        }
    }

    /// <summary>
    /// Where each character of a block scalar's value is in the file. The value lost the block's
    /// indentation (and, folded, its line breaks), so walk the file's text alongside it: every
    /// non-blank character appears in the same order; blanks map to the nearest blank.
    /// </summary>
    private Func<int, SourceLocation> BlockLocator(YamlScalarNode node, string value)
    {
        var start = TemplateOrigin(node);
        var positions = new (int Line, int Column)[value.Length + 1];
        var line = start.Line;
        var column = start.Column;
        string Row(int l) => l - 1 < _lines.Length ? _lines[l - 1] : "";
        void Next()
        {
            if (column > Row(line).Length)
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        char At() => column > Row(line).Length ? '\n' : Row(line)[column - 1];
        for (var i = 0; i < value.Length; i++)
        {
            if (!char.IsWhiteSpace(value[i]))
            {
                while (line <= _lines.Length && At() != value[i])
                {
                    Next();
                }
            }

            positions[i] = (line, column);
            if (line <= _lines.Length)
            {
                Next();
            }
        }

        positions[value.Length] = (line, column);
        return offset =>
        {
            var (l, c) = positions[Math.Clamp(offset, 0, value.Length)];
            return start with { Line = l, Column = c };
        };
    }

    /// <summary>
    /// <c>files: { allow: [folder, ...] }</c>: folders besides the manifest's own that local files may be read from.
    /// </summary>
    private FileAccessRule ParseFiles(YamlNode node)
    {
        var roots = new List<string>();
        var f = reader.Fields(node, "files", ManifestKeys.Files);
        if (f is not null && f.TryGetValue("allow", out var allowNode))
        {
            foreach (var item in reader.List(allowNode, "files.allow", allowSingle: true) ?? [])
            {
                if (reader.String(item, "a folder of files.allow") is not { } folder
                    || CheckFile(item, "files.allow", () => FileAccessRule.ResolveFolder(folder, _baseDirectory)) is not { } root)
                {
                    continue;
                }

                if (Path.GetPathRoot(root) == root)
                {
                    reader.Warning(item, $"files.allow '{folder}' lets the run read, and send as references, any file on this machine; name the folders it needs");
                }

                roots.Add(root);
            }
        }

        return FileAccessRule.For(_baseDirectory, roots);
    }

    /// <summary>A file the manifest names, inside the allowed folders (links followed); its real path, or null after an error at the value.</summary>
    private string? ResolveExistingFile(YamlNode node, string what) =>
        reader.String(node, what) is { } value ? CheckFile(node, what, () => _access.Resolve(value, _baseDirectory)) : null;

    /// <summary>As <see cref="ResolveExistingFile"/>, and opened once: a regular file within <paramref name="cap"/> bytes.</summary>
    private string? ResolveInputFile(YamlNode node, string what, long cap, string description) =>
        ResolveExistingFile(node, what) is { } path
            ? CheckFile(node, what, () =>
            {
                LocalFile.Open(path, cap, description).Dispose();
                return path;
            })
            : null;

    /// <summary>
    /// The watermark is opened and checked now, not after paying for the jobs that would then fail on it; the bytes checked
    /// are the ones hashed into the processing key.
    /// </summary>
    private LocalImage? ResolveWatermark(YamlNode node, string what) =>
        ResolveExistingFile(node, what) is { } path ? CheckFile(node, what, () => LocalImage.Watermark(path, "the watermark image")) : null;

    /// <summary>What <paramref name="check"/> of a named file returns; a problem it finds is an error at the value ("what: problem"), and null.</summary>
    private T? CheckFile<T>(YamlNode node, string what, Func<T> check)
        where T : class
    {
        try
        {
            return check();
        }
        catch (FileProblemException e)
        {
            reader.Error(node, $"{what}: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex VariableNamePattern();
}
