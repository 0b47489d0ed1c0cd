using SeedreamBatch.Core.Diagnostics;

namespace SeedreamBatch.Core.Templating;

/// <summary>One place a template reads a variable, so validation can point at it when the variable does not exist.</summary>
/// <param name="Path">The dotted path as written (<c>product.color</c>).</param>
/// <param name="Location">Where the path's first character is.</param>
/// <param name="HasDefault">A <c>default</c> filter follows, so the variable may be missing.</param>
public sealed record TemplateVariableUse(string Path, SourceLocation Location, bool HasDefault);
