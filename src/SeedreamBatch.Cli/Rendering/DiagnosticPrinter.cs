using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Cli.Rendering;

/// <summary>Prints diagnostics one per line on stderr, in the <c>file:line:col: error: message</c> form editors parse.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(IEnumerable<Diagnostic> diagnostics, TextWriter? to = null)
    {
        var writer = to ?? Console.Error;
        foreach (var diagnostic in diagnostics)
        {
            writer.WriteLine(diagnostic.ToString());
        }
    }

    public static string Summary(IReadOnlyCollection<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.IsError);
        var warnings = diagnostics.Count - errors;
        return $"{errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}";
    }
}
