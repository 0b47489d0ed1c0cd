namespace SeedreamBatch.Core.Diagnostics;

/// <summary>One problem in the user's input: where, and what, in one line.</summary>
public sealed record Diagnostic(DiagnosticSeverity Severity, SourceLocation Location, string Message)
{
    public static Diagnostic Error(SourceLocation at, string message) => new(DiagnosticSeverity.Error, at, message);

    public static Diagnostic Warning(SourceLocation at, string message) => new(DiagnosticSeverity.Warning, at, message);

    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary><c>file:line:col: error: message</c>, the form compilers use and editors recognise.</summary>
    public override string ToString() =>
        $"{Location}: {(IsError ? "error" : "warning")}: {Message}";
}
