using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>A parsed template, or every syntax error found in it (then <see cref="Template"/> is null).</summary>
public sealed record TemplateParseResult(Template? Template, IReadOnlyList<Diagnostic> Errors)
{
    public bool Succeeded => Template is not null;
}
