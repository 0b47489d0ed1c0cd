namespace SeedreamBatch.Core.Manifest;

/// <summary>Where a template is used, which decides the variables it may reference.</summary>
internal enum TemplateContext
{
    OutputsDir,
    Prompt,
    Reference,
    OutputName,
}
