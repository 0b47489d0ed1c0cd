using System.CommandLine;
using SeedreamBatch.Cli.Rendering;
using SeedreamBatch.Core.Jobs;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;

namespace SeedreamBatch.Cli.Commands;

/// <summary><c>validate</c>: every problem in one or more manifests, their catalogs and templates, without any network call.</summary>
internal static class ValidateCommand
{
    public static Command Create(TimeProvider time)
    {
        var manifests = new Argument<string[]>("manifests")
        {
            Description = "One or more pipeline manifests (YAML).",
            Arity = ArgumentArity.OneOrMore,
        };
        var command = new Command("validate", "Check manifests, catalogs and templates: every problem with file:line:col. Exit 0 when valid, 2 when not.")
        {
            manifests,
        };
        var manifestOptions = new ManifestOptions();
        manifestOptions.AddTo(command, showEffective: true);
        command.SetAction(parse =>
        {
            var worst = ExitCodes.Success;
            var overrides = manifestOptions.Read(parse);
            var showEffective = parse.GetValue(manifestOptions.ShowEffective);
            foreach (var path in parse.GetValue(manifests)!)
            {
                var code = Validate(path, overrides, showEffective, time);
                worst = Math.Max(worst, code);
            }

            return worst;
        });
        return command;
    }

    private static int Validate(string path, ManifestOverrides overrides, bool showEffective, TimeProvider time)
    {
        var load = ManifestLoader.Load(path, overrides);
        if (showEffective)
        {
            ManifestOptions.PrintEffective(path, overrides, load, Console.Out);
        }

        var diagnostics = load.Diagnostics.ToList();
        long jobs = 0;
        if (load.Pipeline is { } pipeline)
        {
            // A full expansion finds what only rows reveal: a missing value at row 40,000, a duplicate output.
            var plan = PlanBuilder.Build(pipeline, RunContext.Start(time), previewJobs: 0, loadDiagnostics: diagnostics);
            diagnostics = [.. plan.Diagnostics];
            jobs = plan.Jobs;
        }

        DiagnosticPrinter.Print(diagnostics);
        var valid = !diagnostics.Any(d => d.IsError);
        var shown = ManifestLoader.DisplayPath(path);
        Console.Error.WriteLine(valid
            ? $"{shown}: valid, {jobs:N0} jobs ({DiagnosticPrinter.Summary(diagnostics)})"
            : $"{shown}: invalid ({DiagnosticPrinter.Summary(diagnostics)})");
        return valid ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
