using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>
/// A template read a variable that the scope does not have and that has no <c>default</c> filter.
/// Validation should catch this before a run; this is the run-time guard that never renders an empty string instead.
/// </summary>
public sealed class TemplateRenderException(SourceLocation location, string path) : Exception($"{location}: {Problem(path)}")
{
    public SourceLocation Location { get; } = location;

    public string Path { get; } = path;

    public Diagnostic ToDiagnostic() => Diagnostic.Error(Location, Problem(Path));

    private static string Problem(string path) => $"variable '{path}' is not defined (use '| default: \"...\"' if it may be missing)";
}
