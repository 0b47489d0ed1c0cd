using SeedreamBatch.Core.Templating;
using SeedreamBatch.Core.Variants;

namespace SeedreamBatch.Core.Manifest;

/// <summary><c>outputs:</c> where files go and which variants are made of each generated image.</summary>
/// <param name="Directory">Template of the outputs folder, relative to the manifest (only <c>run.*</c> and <c>name</c>).</param>
/// <param name="Name">Template of each job's file name, relative to the folder, without extension.</param>
/// <param name="Variants">
/// <c>outputs.variants</c> (with <c>outputs.watermark</c>, <c>strip_metadata</c> and <c>provenance</c> applied) as the
/// imaging library takes them, checked at load; without the engine's own <c>original</c>.
/// </param>
/// <param name="WatermarkMargin"><c>outputs.watermark.margin</c>: a fraction of each output's width (0 without a watermark).</param>
/// <param name="ProcessingKey">The recipe's identity (<see cref="Jobs.ProcessingKeys"/>), from the recipe as written.</param>
/// <param name="Provenance">What processed files say about how they were made (the AI label by default).</param>
/// <param name="Gallery"><c>outputs.gallery</c>: write <c>gallery.html</c> (the static contact sheet) after every run. Default true.</param>
public sealed record OutputsSpec(
    Template Directory,
    Template Name,
    IReadOnlyList<VariantSpec> Variants,
    double WatermarkMargin,
    string ProcessingKey,
    ProvenanceSpec Provenance,
    bool Gallery = true)
{
    /// <summary><c>csv_bom</c>: manifest.csv starts with a UTF-8 byte order mark, so Excel reads Chinese names right.</summary>
    public bool CsvBom { get; init; }
}
