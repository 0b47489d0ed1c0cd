using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Expansion;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Core.Templating;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>
/// Checks that span sections: every template variable is defined where it is used, every model can
/// do what the manifest asks of it on the chosen provider, and every cost is known. All before any
/// row is expanded or any call is paid for.
/// </summary>
internal sealed class ManifestChecks(YamlReader reader, PipelineSpec pipeline, Dictionary<string, YamlNode> fields, IReadOnlyList<Diagnostic> recipeProblems)
{
    /// <summary>Runs every check; returns the catalog's columns, read once here so expansion need not read them again.</summary>
    public IReadOnlySet<string> Run()
    {
        var columns = CheckVariables();
        CheckModels();
        CheckPricing();
        CheckRunSettings();
        return columns;
    }

    /// <summary>
    /// What <c>run</c> builds from the manifest before it pays (the chosen provider's settings, the variant specs),
    /// built here too and with the same code, so <c>validate</c> and <c>plan</c> reach the same verdict as <c>run</c>.
    /// </summary>
    private void CheckRunSettings()
    {
        // These read sections the parser accepted; after a parser error they would only repeat it in other words
        // (and could echo a value it refused to show, such as a URL with a password).
        if (reader.HasErrors)
        {
            return;
        }

        reader.Add(recipeProblems);

        // provider: sim points the chosen dialect at the simulator; the address is only a stand-in for it here.
        // Without a providers section the mistake is the choice of provider: point there rather than at the file.
        var simulator = pipeline.UsesSimulator ? new Uri("http://127.0.0.1/") : null;
        var chosen = fields.TryGetValue("provider", out var node) ? reader.At(node) : (SourceLocation?)null;
        foreach (var dialect in pipeline.Dialects)
        {
            reader.Add(pipeline.ProviderProblemsFor(dialect, simulator, chosen));
        }
    }

    private HashSet<string> CheckVariables()
    {
        var columns = ReadColumns(out var columnsKnown);
        var matrix = RowMatrix.WithoutRowConditions(pipeline.Matrix, columns);
        reader.Add(MatrixExpander.Check(matrix));
        WarnIncludesThatUndoExcludes(matrix);
        var axes = pipeline.Matrix.Axes.Select(a => a.Name)
            .Concat(pipeline.Matrix.Include.SelectMany(i => i.Values.Keys))
            .ToHashSet(StringComparer.Ordinal);

        foreach (var name in columns.Where(BuiltInVariables.ShadowingNames.Contains))
        {
            reader.Warning(fields["rows"], $"catalog column '{name}' has the name of a built-in variable: {{{{ {name} }}}} means the built-in; use {{{{ row.{name} }}}} for the column");
        }

        foreach (var axis in pipeline.Matrix.Axes.Where(a => BuiltInVariables.ShadowingNames.Contains(a.Name)))
        {
            reader.Error(axis.Location, $"matrix axis '{axis.Name}' has the name of a built-in variable; rename it (the built-in {{{{ {axis.Name} }}}} is set per job)");
        }

        foreach (var axis in pipeline.Matrix.Axes.Where(a => columns.Contains(a.Name)))
        {
            reader.Error(axis.Location, $"matrix axis '{axis.Name}' has the same name as a catalog column; rename one of them");
        }

        var rowVariables = columns.Concat(columns.Select(c => "row." + c))
            .Concat(axes).Concat(axes.Select(a => "matrix." + a))
            .ToHashSet(StringComparer.Ordinal);

        CheckTemplate(pipeline.Outputs.Directory, TemplateContext.OutputsDir, rowVariables, columnsKnown);
        CheckTemplate(pipeline.Prompt, TemplateContext.Prompt, rowVariables, columnsKnown);
        foreach (var reference in pipeline.References)
        {
            CheckTemplate(reference, TemplateContext.Reference, rowVariables, columnsKnown);
        }

        CheckTemplate(pipeline.Outputs.Name, TemplateContext.OutputName, rowVariables, columnsKnown);
        CheckOutputNameShape();

        if (pipeline.Rows?.Where is { } where && columns.Count > 0)
        {
            reader.Add(where.Check([.. columns.Order(StringComparer.Ordinal)]));
        }

        return columns;
    }

    /// <summary>
    /// GitHub Actions applies include after exclude, and exclude keys are axes: so an include whose values
    /// match an exclude entry can merge into no remaining combination and is added back as a new one —
    /// exactly the combination the exclude removed. Almost never what the author meant.
    /// </summary>
    private void WarnIncludesThatUndoExcludes(MatrixSpec matrix)
    {
        foreach (var include in matrix.Include)
        {
            foreach (var exclude in matrix.Exclude.Where(e => e.Values.Count > 0))
            {
                if (exclude.Values.All(p => include.Values.TryGetValue(p.Key, out var v) && v == p.Value))
                {
                    reader.Warning(include.Location,
                        $"this include adds back the combination that the exclude at {exclude.Location.Line}:{exclude.Location.Column} removes (include is applied after exclude); pair values with exclude entries instead");
                    break;
                }
            }
        }
    }

    /// <summary>The catalog's columns; <paramref name="known"/> is false when the rows were asked for but could not be read.</summary>
    private HashSet<string> ReadColumns(out bool known)
    {
        known = pipeline.Rows is not null || !fields.ContainsKey("rows");
        if (pipeline.Rows is null)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        try
        {
            return pipeline.Rows.Open().Columns().ToHashSet(StringComparer.Ordinal);
        }
        catch (InputException e)
        {
            reader.Add(e.Diagnostics);
            known = false;
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// A name template that escapes the outputs folder does so for every job: say it once, at the
    /// template, by rendering it with a harmless value for every variable.
    /// </summary>
    private void CheckOutputNameShape()
    {
        var sample = pipeline.Outputs.Name.Render(new SampleScope());
        if (OutputPathCheck.Problem(sample) is { } problem)
        {
            var at = fields.TryGetValue("outputs", out var outputs) && outputs is YamlMappingNode map
                && map.Children.TryGetValue(new YamlScalarNode("name"), out var nameNode) ? reader.At(nameNode) : SourceLocation.OfFile(reader.File);
            reader.Error(at, $"outputs.name {problem.Replace("renders to", "renders (with sample values) to", StringComparison.Ordinal)}");
        }
    }

    private void CheckTemplate(Template template, TemplateContext context, HashSet<string> rowVariables, bool columnsKnown)
    {
        foreach (var use in template.Variables)
        {
            var path = use.Path;
            var isRun = BuiltInVariables.Run.Contains(path);
            var isRequest = BuiltInVariables.Request.Contains(path);
            var isOutput = BuiltInVariables.Output.Contains(path);
            var isRow = rowVariables.Contains(path);

            if (context == TemplateContext.OutputsDir && !isRun)
            {
                reader.Error(use.Location, $"outputs.dir is decided once per run, so it may use only {string.Join(", ", BuiltInVariables.Run)}; '{path}' varies per job (put it in outputs.name)");
                continue;
            }

            if (pipeline.Route is not null && path is "provider" or "model_id")
            {
                // On a route the provider is chosen when a job is sent, long after its prompt, key and file name are fixed.
                reader.Error(use.Location, $"'{path}' is not known before a job is sent when the manifest routes between providers ({string.Join(", ", pipeline.Route.Providers)}); remove it (manifest.csv's provider and providerModelId columns say which provider made each image)");
                continue;
            }

            if (isOutput && context != TemplateContext.OutputName)
            {
                reader.Error(use.Location, $"'{path}' is known only once the request is fixed, so it can be used in outputs.name only");
                continue;
            }

            if (isRun || isRequest || isOutput || isRow || use.HasDefault || !columnsKnown)
            {
                // Without the catalog's columns (it failed to load, and said why) any name might be one.
                continue;
            }

            var candidates = rowVariables.Concat(BuiltInVariables.Run).Concat(BuiltInVariables.Request)
                .Concat(context == TemplateContext.OutputName ? BuiltInVariables.Output : []).ToList();
            var known = rowVariables.Where(v => !v.StartsWith("row.", StringComparison.Ordinal) && !v.StartsWith("matrix.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            reader.Error(use.Location, $"unknown variable '{path}'{YamlReader.Suggest(path, candidates)}; "
                + (known.Count > 0 ? $"columns and axes: {string.Join(", ", known)}" : "there are no rows or matrix axes")
                + " (add '| default: \"...\"' to allow a missing value)");
        }
    }

    /// <summary>
    /// Each model against each provider it may be sent to (every provider of a route, as if it were the only one): a job
    /// that fails over must be one the next provider can make. A route's findings name the provider they are about.
    /// </summary>
    private void CheckModels()
    {
        foreach (var located in pipeline.Models)
        {
            foreach (var dialect in pipeline.Dialects)
            {
                CheckModelOn(dialect, located);
            }
        }

        // Where local files cannot be sent at all, that was said above; otherwise each is checked as it will be sent.
        var urlsOnly = pipeline.Models.Any(m => pipeline.Dialects.Any(d => CapabilityTable.Find(d, m.Value)?.ReferencesMustBeUrls == true));
        foreach (var reference in pipeline.References.Where(r => r.IsConstant && !IsUrl(r.Text) && !urlsOnly))
        {
            var node = fields["references"] is YamlSequenceNode list
                ? list.Children.FirstOrDefault(c => c is YamlScalarNode s && s.Value?.Trim() == reference.Text.Trim()) ?? list
                : fields["references"];
            try
            {
                Files.LocalImage.Reference(pipeline.Access.Resolve(reference.Text, pipeline.BaseDirectory), "the reference image");
            }
            catch (Files.FileProblemException e)
            {
                reader.Error(node, $"reference '{reference.Text}': {e.Message}");
            }
        }
    }

    private void CheckModelOn(ProviderDialect dialect, Located<SeedreamModel> located)
    {
        // A route's findings say which provider they are about (the same words may hold for another provider too).
        var ofRoute = pipeline.Route is null ? "" : $" (provider {dialect.ToName()} of the route)";
        var caps = CapabilityTable.Find(dialect, located.Value);
        if (caps is null)
        {
            var offered = CapabilityTable.ModelsOf(dialect).Select(m => m.ToName());
            var route = pipeline.Route is null ? "" : " of the route";
            reader.Error(located.Location, $"model {located.Value.ToName()} is not offered by provider {dialect.ToName()}{route} (it offers {string.Join(", ", offered)})");
            return;
        }

        var sizes = pipeline.Sizes.Count > 0
            ? pipeline.Sizes
            : [new Located<ImageSize>(caps.Sizes.DefaultImageSize, located.Location)];
        var constantRefs = pipeline.References.Where(r => r.IsConstant).Select(r => r.Text).ToList();
        foreach (var size in sizes)
        {
            var findings = CapabilityCheck.Check(caps, new RequestedGeneration
            {
                Size = size.Value,
                SeedRequested = pipeline.Seeds.Mode != SeedMode.None,
                ReferenceCount = pipeline.References.Count,
                HasLocalReferences = constantRefs.Any(r => !IsUrl(r)),
                ImageCount = pipeline.ImagesPerJob,
                Options = pipeline.Options,
            });
            foreach (var finding in findings.All)
            {
                // Findings that do not depend on the size are the same for every size: report them once.
                if (finding.Subject != CapabilitySubject.Size && size != sizes[0])
                {
                    continue;
                }

                var at = LocationOf(finding.Subject, size.Location, located.Location);
                if (finding.IsError)
                {
                    reader.Error(at, finding.Message + ofRoute);
                }
                else
                {
                    reader.Warning(at, finding.Message + ofRoute);
                }
            }
        }
    }

    private SourceLocation LocationOf(CapabilitySubject subject, SourceLocation sizeLocation, SourceLocation modelLocation)
    {
        string? key = subject switch
        {
            CapabilitySubject.References => "references",
            CapabilitySubject.ImageCount => "images_per_job",
            CapabilitySubject.GuidanceScale => "guidance_scale",
            CapabilitySubject.Stream => "stream",
            CapabilitySubject.ResponseFormat => "response_format",
            CapabilitySubject.Seed => "seeds",
            CapabilitySubject.OptimizePrompt => "optimize_prompt",
            CapabilitySubject.OutputFormat => "output_format",
            _ => null,
        };
        if (subject == CapabilitySubject.Size)
        {
            return sizeLocation;
        }

        return key is not null && fields.TryGetValue(key, out var node) ? reader.At(node) : modelLocation;
    }

    private void CheckPricing()
    {
        var prices = PriceTable.For(pipeline);
        foreach (var located in pipeline.Models)
        {
            foreach (var dialect in pipeline.Dialects)
            {
                if (CapabilityTable.Find(dialect, located.Value) is not null && prices.Find(dialect, located.Value) is null)
                {
                    reader.Error(located.Location, $"no price is known for {located.Value.ToName()} on {dialect.ToName()}, so the budget cannot be enforced; add pricing: {{ {located.Value.ToName()}: <USD per image> }}");
                }
            }
        }

        if (fields.TryGetValue("pricing", out var pricingNode))
        {
            if (pipeline.Budget.MaxCostUsd is not null)
            {
                foreach (var model in pipeline.PriceOverrides.Where(p => p.Value == 0).Select(p => p.Key))
                {
                    reader.Warning(pricingNode, $"pricing sets {model.ToName()} to 0, so budget.max_cost_usd cannot limit it unless the provider reports what it billed");
                }
            }

            foreach (var model in pipeline.PriceOverrides.Keys.Where(m => pipeline.Models.All(l => l.Value != m)))
            {
                reader.Warning(pricingNode, $"pricing sets {model.ToName()}, which is not in models");
            }
        }
    }

    internal static bool IsUrl(string text) =>
        text.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || text.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
}
