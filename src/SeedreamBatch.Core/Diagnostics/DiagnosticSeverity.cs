namespace SeedreamBatch.Core.Diagnostics;

public enum DiagnosticSeverity
{
    /// <summary>Stops the run before any paid call (exit code 2).</summary>
    Error,

    /// <summary>Shown by validate and plan; the run goes ahead.</summary>
    Warning,
}
