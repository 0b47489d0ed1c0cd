namespace SeedreamBatch.Core.Templating;

internal enum TemplateFilterKind
{
    Lower,
    Upper,
    Slug,
    Trim,
    Default,
    Truncate,
}
