namespace SeedreamBatch.Core.Diagnostics;

/// <summary>
/// Thrown when user input (a manifest, a catalog, a template) is wrong in a way found only while
/// streaming through it, e.g. a bad CSV row at job 40,000. The CLI prints the diagnostics and exits 2.
/// </summary>
public sealed class InputException(IReadOnlyList<Diagnostic> diagnostics) : Exception(string.Join(Environment.NewLine, diagnostics))
{
    public InputException(Diagnostic diagnostic)
        : this([diagnostic])
    {
    }

    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
