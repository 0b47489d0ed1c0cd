using System.Globalization;
using SeedreamBatch.Core.Capabilities;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;
using SeedreamBatch.Core.Pricing;
using SeedreamBatch.Core.Rows;
using SeedreamBatch.Core.Templating;

namespace SeedreamBatch.Core.Jobs;

/// <summary>
/// Turns a pipeline into jobs, lazily and in a fixed order: rows × matrix × models × sizes × seeds ×
/// repeats. Nothing is materialised but the (small) matrix, so a million-job manifest streams.
/// </summary>
public sealed class JobExpander
{
    private readonly PipelineSpec _pipeline;
    private readonly PriceTable _prices;
    private readonly RowMatrix _matrix;
    private readonly IReadOnlyList<(SeedreamModel Model, ModelCapabilities Caps, ImageSize[] Sizes)> _models;
    private readonly int?[] _seeds;
    private readonly bool _chinaRegion;
    private readonly Dictionary<string, (string? Path, string? Hash, string? Problem)> _references = new(StringComparer.Ordinal);
    private readonly FileAccessRule _access;
    private readonly IReadOnlyDictionary<SeedreamModel, string> _endpoints;
    private readonly HashSet<string> _sanitisedVariables = new(StringComparer.Ordinal);
    private readonly Dictionary<SeedreamModel, decimal> _estimates = [];
    private readonly VariableScope _runScope;
    private readonly bool _nameUsesKey;

    public JobExpander(PipelineSpec pipeline, RunContext run)
    {
        _pipeline = pipeline;
        _prices = PriceTable.For(pipeline);
        _matrix = new RowMatrix(pipeline.Matrix, pipeline.RowColumns);
        _models = [.. pipeline.Models.Select(m =>
        {
            var caps = CapabilityTable.Find(pipeline.Dialect, m.Value)!;
            ImageSize[] sizes = pipeline.Sizes.Count > 0 ? [.. pipeline.Sizes.Select(s => s.Value)] : [caps.Sizes.DefaultImageSize];
            return (m.Value, caps, sizes);
        })];
        _seeds = pipeline.Seeds.Mode == SeedMode.List ? [.. pipeline.Seeds.Values.Select(v => (int?)v)] : [null];
        // The model ids chosen here must be those of the region the adapter is pinned to (ProviderSettings.Pinned).
        var provider = pipeline.ProviderSettingsFor(pipeline.Dialect);
        _chinaRegion = provider.IsChinaRegion;
        _access = pipeline.Access;
        _endpoints = provider.Endpoints;

        _runScope = new VariableScope();
        _runScope.Set("run.date", run.Date);
        _runScope.Set("run.time", run.Time);
        _runScope.Set("run.name", pipeline.Name);
        OutputDirectory = Path.GetFullPath(Path.Combine(pipeline.BaseDirectory, run.OutputsDirectory ?? pipeline.Outputs.Directory.Render(_runScope)));
        ProcessingKey = pipeline.Outputs.ProcessingKey;
        _nameUsesKey = pipeline.Outputs.Name.Variables.Any(v => v.Path == "job.key");
    }

    /// <summary>The run's outputs folder (absolute), with <c>run.*</c> variables rendered.</summary>
    public string OutputDirectory { get; }

    /// <summary>The prices the jobs' estimates come from (<see cref="PriceTable.For"/>).</summary>
    public PriceTable Prices => _prices;

    /// <summary>SHA-256 of the post-processing recipe, the same for every job of the run.</summary>
    public string ProcessingKey { get; }

    /// <summary>Catalog values that were changed to be safe in file names (reported as a warning).</summary>
    public IReadOnlyCollection<string> SanitisedVariables => _sanitisedVariables;

    /// <summary>
    /// The jobs, in order. Problems found while expanding (a row missing a value, an over-long
    /// prompt, two jobs writing one file) go to <paramref name="problems"/> and that job is skipped;
    /// with no sink the first problem throws <see cref="InputException"/>.
    /// </summary>
    /// <param name="problems">Where problems go; null: the first one throws.</param>
    /// <param name="duplicates">
    /// How repeated requests and output names are found (default <see cref="DuplicateCheck.All"/>: exact, memory grows
    /// with the jobs). A whole manifest is screened first and then checked <see cref="DuplicateCheck.Among"/> the
    /// suspects (<see cref="Planning.PlanBuilder"/>, <see cref="ExpandScreened"/>): bounded memory at any job count.
    /// </param>
    public IEnumerable<Job> Expand(Action<Diagnostic>? problems = null, DuplicateCheck? duplicates = null)
    {
        var report = problems ?? (d => throw new InputException(d));
        var repeated = new RepeatedProblems(report);
        var check = duplicates ?? DuplicateCheck.All();
        var warned = new HashSet<string>(StringComparer.Ordinal);
        long ordinal = 0;

        // A catalog can turn out malformed at row 40,000: that is a located problem, reported like any
        // other, and reading stops there (the rows after a broken record cannot be trusted).
        using var rows = Rows().GetEnumerator();
        while (true)
        {
            Row row;
            try
            {
                if (!rows.MoveNext())
                {
                    break;
                }

                row = rows.Current;
            }
            catch (InputException e)
            {
                foreach (var d in e.Diagnostics)
                {
                    report(d);
                }

                break;
            }

            var rowScope = new AliasedLayer(row.Values, "row.", _runScope, ("row.index", row.Index.ToString(CultureInfo.InvariantCulture)));
            foreach (var combination in _matrix.For(row))
            {
                var comboScope = new AliasedLayer(combination, "matrix.", rowScope);

                // The job's variables are the row's and the matrix's (a matrix value shadows a column of the same name, as in templates).
                var variables = combination.Count == 0 ? row.Values : Merge(row.Values, combination);

                foreach (var (model, caps, sizes) in _models)
                {
                    foreach (var size in sizes)
                    {
                        foreach (var seed in _seeds)
                        {
                            for (var repeat = 0; repeat < _pipeline.Repeat; repeat++)
                            {
                                if (ordinal >= _pipeline.MaxJobs)
                                {
                                    report(Diagnostic.Error(new SourceLocation(ManifestLoader.DisplayPath(_pipeline.ManifestPath), 1, 1),
                                        $"the manifest expands to more than max_jobs = {_pipeline.MaxJobs:N0} jobs; narrow rows/matrix (rows.limit, rows.where) or raise max_jobs"));
                                    yield break;
                                }

                                var job = TryMakeJob(row, comboScope, variables, model, caps, size, seed, repeat, ordinal, repeated, warned);
                                if (job is null)
                                {
                                    continue;
                                }

                                check.Record(job.Identity, job.Output.RelativeBaseName);
                                if (!check.ClaimRequest(job.Identity))
                                {
                                    repeated.Report("duplicate request", Diagnostic.Error(row.Location, $"this row makes the same request as an earlier job (same prompt, model, size, seed and references: key {JobKeys.Short(job.Key)}); remove the duplicate or use repeat"));
                                    continue;
                                }

                                if (!check.ClaimName(job.Output.RelativeBaseName))
                                {
                                    repeated.Report("duplicate output name", Diagnostic.Error(row.Location, $"this row's output name '{job.Output.RelativeBaseName}' is already used by an earlier job; add a distinguishing variable to outputs.name (e.g. {{{{ seed }}}}, {{{{ size }}}}, {{{{ repeat }}}})"));
                                    continue;
                                }

                                ordinal++;
                                yield return job;
                            }
                        }
                    }
                }
            }
        }

        repeated.Summarise();
    }

    /// <summary>
    /// Every job, with duplicates found exactly in bounded memory: a first pass screens the whole manifest
    /// (<see cref="DuplicateScreen"/>, its problems not reported), the second yields the jobs and compares only the
    /// suspects. Twice the expansion's CPU; for callers that read every job without a plan pass before them.
    /// </summary>
    public IEnumerable<Job> ExpandScreened(Action<Diagnostic>? problems = null)
    {
        DuplicateSuspects suspects;
        using (var screen = new DuplicateScreen())
        {
            foreach (var _ in Expand(static _ => { }, DuplicateCheck.Screen(screen)))
            {
            }

            suspects = screen.Finish();
        }

        foreach (var job in Expand(problems, DuplicateCheck.Among(suspects)))
        {
            yield return job;
        }
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> row, IReadOnlyDictionary<string, string> matrix)
    {
        var merged = new Dictionary<string, string>(row, StringComparer.Ordinal);
        foreach (var (name, value) in matrix)
        {
            merged[name] = value;
        }

        return merged;
    }

    private Job? TryMakeJob(
        Row row, IVariableScope comboScope, IReadOnlyDictionary<string, string> variables, SeedreamModel model, ModelCapabilities caps,
        ImageSize size, int? requestedSeedOrAuto, int repeat, long ordinal, RepeatedProblems problems, HashSet<string> warned)
    {
        var scope = new VariableScope(comboScope);
        scope.Set("model", model.ToName());
        scope.Set("provider", _pipeline.ProviderName);
        scope.Set("size", size.Text);
        scope.Set("repeat", repeat.ToString(CultureInfo.InvariantCulture));

        try
        {
            var references = _pipeline.References.Count == 0 ? [] : RenderReferences(scope, row);
            var isEdit = references.Count > 0;
            // An Ark endpoint id (ep-…) stands in for the model id in either region.
            var modelId = _endpoints.GetValueOrDefault(model) ?? caps.ModelIdFor(_chinaRegion, isEdit);
            scope.Set("model_id", modelId);

            var auto = _pipeline.Seeds.Mode == SeedMode.Auto;
            var draft = new GenerationRequest(
                _pipeline.Dialect, model, modelId, Prompt: "", size, Seed: null, references, _pipeline.ImagesPerJob, _pipeline.Options);

            // The seed is known before the prompt renders (a prompt may mention {{ seed }}); an auto seed
            // is derived from everything else about the request, so render once without it first.
            int? requestedSeed = requestedSeedOrAuto;
            if (auto)
            {
                scope.Set("seed", "");
                requestedSeed = JobKeys.AutoSeed(draft with { Prompt = _pipeline.Prompt.Render(scope) }, repeat);
            }

            scope.Set("seed", requestedSeed?.ToString(CultureInfo.InvariantCulture) ?? "");
            var prompt = _pipeline.Prompt.Render(scope);
            if (prompt.Length > InputLimits.PromptCharacters)
            {
                // Our own ceiling for providers that document none; a provider's smaller limit is checked below.
                problems.Report("Prompt", Diagnostic.Error(row.Location, string.Create(CultureInfo.InvariantCulture,
                    $"the rendered prompt has {prompt.Length:N0} characters, over the limit of {InputLimits.PromptCharacters:N0}")));
                return null;
            }

            var request = draft with { Prompt = prompt, Seed = caps.AcceptsSeed ? requestedSeed : null };

            // Everything else about the request was checked once for the manifest; only what varies per
            // job is checked here (the prompt, and references when they are templates).
            var findings = _pipeline.References.Count == 0
                ? CapabilityCheck.CheckPrompt(caps, prompt)
                : CapabilityCheck.Check(caps, new RequestedGeneration
                {
                    Size = size,
                    ReferenceCount = references.Count,
                    HasLocalReferences = references.Any(r => r.IsLocalFile),
                    ImageCount = _pipeline.ImagesPerJob,
                    Prompt = prompt,
                }).All;
            foreach (var finding in findings.Where(f => f.Subject is CapabilitySubject.Prompt or CapabilitySubject.References))
            {
                if (finding.IsError)
                {
                    problems.Report(finding.Subject.ToString(), Diagnostic.Error(row.Location, finding.Message));
                    return null;
                }

                if (warned.Add(finding.Subject.ToString()))
                {
                    problems.Report(finding.Subject.ToString(), Diagnostic.Warning(row.Location, finding.Message + " (first such job; others not listed)"));
                }
            }

            // A routed job is the same job whichever provider makes it: no dialect, provider model id or provider-dependent seed in its key.
            var key = _pipeline.Route is null ? JobKeys.Identify(request, requestedSeed, repeat) : JobKeys.IdentifyRouted(request with { Seed = requestedSeed }, requestedSeed, repeat);
            if (_nameUsesKey)
            {
                scope.Set("job.key", JobKeys.Short(key.Value));
            }

            scope.Set("job.index", ordinal.ToString(CultureInfo.InvariantCulture));
            var name = _pipeline.Outputs.Name.Render(scope, EscapeForPath);
            if (OutputPathCheck.Problem(name, shapeChecked: true) is { } pathProblem)
            {
                problems.Report("output name", Diagnostic.Error(row.Location, $"outputs.name {pathProblem}"));
                return null;
            }

            return new Job(
                key, ProcessingKey, ordinal, request, new OutputPlan(OutputDirectory, name),
                EstimateOf(model), variables, requestedSeed, repeat);
        }
        catch (TemplateRenderException e)
        {
            problems.Report("missing value", Diagnostic.Error(row.Location, $"{e.ToDiagnostic().Message} (used at {e.Location})"));
            return null;
        }
        catch (InputException e)
        {
            foreach (var d in e.Diagnostics)
            {
                problems.Report("row", d);
            }

            return null;
        }
    }

    /// <summary>
    /// What the budget holds for a job: its price on the pipeline's provider, or on a route the dearest provider's (so
    /// the budget holds whichever provider takes it; the bill settles it to what was charged).
    /// </summary>
    private decimal EstimateOf(SeedreamModel model)
    {
        if (!_estimates.TryGetValue(model, out var estimate))
        {
            estimate = _prices.Dearest(_pipeline.Dialects, model)?.CostOf(_pipeline.ImagesPerJob) ?? 0m;
            _estimates[model] = estimate;
        }

        return estimate;
    }

    private string EscapeForPath(string path, string text)
    {
        var safe = PathSafeText.Sanitise(text);
        if (!ReferenceEquals(safe, text))
        {
            _sanitisedVariables.Add(path);
        }

        return safe;
    }

    private List<ReferenceImage> RenderReferences(IVariableScope scope, Row row)
    {
        var list = new List<ReferenceImage>(_pipeline.References.Count);
        foreach (var template in _pipeline.References)
        {
            var text = template.Render(scope).Trim();
            if (text.Length == 0)
            {
                continue; // An empty reference column means "no reference for this row".
            }

            if (ManifestChecks.IsUrl(text))
            {
                list.Add(ReferenceImage.Url(text));
                continue;
            }

            // Checked once per distinct value: inside the allowed folders (links followed), an image by its bytes,
            // within the provider's limits. A catalog cell naming /etc/shadow is an error at its row, never a request.
            if (!_references.TryGetValue(text, out var checkedFile))
            {
                try
                {
                    var real = _access.Resolve(text, _pipeline.BaseDirectory);
                    checkedFile = (real, LocalImage.Reference(real, "the reference image").Sha256, null);
                }
                catch (FileProblemException e)
                {
                    checkedFile = (null, null, e.Message);
                }

                // Bounded: a catalog of a million distinct paths keeps only the hashes it needs.
                if (_references.Count < 100_000)
                {
                    _references[text] = checkedFile;
                }
            }

            if (checkedFile.Problem is { } problem)
            {
                throw new InputException(Diagnostic.Error(row.Location, $"reference '{text}': {problem}"));
            }

            var (full, hash) = (checkedFile.Path!, checkedFile.Hash!);
            list.Add(ReferenceImage.LocalFile(full, hash));
        }

        return list;
    }

    private IEnumerable<Row> Rows() =>
        _pipeline.Rows is null ? [new Row(new Dictionary<string, string>(), SourceLocation.OfFile(ManifestLoader.DisplayPath(_pipeline.ManifestPath)), 0)] : _pipeline.Rows.ReadSelected();
}
