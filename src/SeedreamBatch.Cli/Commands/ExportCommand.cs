using System.CommandLine;
using System.Globalization;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Templating;
using SeedreamBatch.Engine.Output;
using SeedreamBatch.Engine.State;

namespace SeedreamBatch.Cli.Commands;

/// <summary>
/// <c>export</c>: an import file for a shop from an outputs folder's current outputs (what manifest.csv lists):
/// <c>shopify</c> (the product CSV's image columns) or <c>pim</c> (one row per image, a path column per variant).
/// </summary>
/// <remarks>
/// Which images go out is one predicate, <see cref="Include"/>: every current output, or with <c>--approved</c> only
/// those whose job's review decision is approved (issue 15, point 4); nothing else filters.
/// </remarks>
internal static class ExportCommand
{
    public static Command Create(TimeProvider time)
    {
        var target = new Argument<string>("manifest-or-dir") { Description = "A pipeline manifest (its outputs folder for today, or --date/--outputs) or an outputs folder." };
        var format = new Option<string>("--format") { Description = "shopify (product CSV image columns) or pim (one row per image, a path column per variant).", Required = true };
        format.AcceptOnlyFromAmong("shopify", "pim");
        var file = new Option<string?>("--output", "-o") { Description = "Write here instead of stdout." };
        var variant = new Option<string>("--variant") { Description = "The variant Shopify's Image Src points at (default: original).", DefaultValueFactory = _ => "original" };
        var approved = new Option<bool>("--approved") { Description = "Only images whose job was approved in review (rejected and not reviewed stay out). None approved: a header-only file, a note on stderr, exit 0." };
        var outputs = OutputsSelection.CreateOutputsOption();
        var date = OutputsSelection.CreateDateOption();
        var command = new Command("export", "Write a shop import file (Shopify product CSV images, or a PIM sheet) of an outputs folder's current images (--approved: only approved ones).")
        {
            target, format, file, variant, approved, outputs, date,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) => await ExecuteAsync(
            new ExportRequest(parse.GetValue(target)!, parse.GetValue(format)!, parse.GetValue(file), parse.GetValue(variant)!, parse.GetValue(date), parse.GetValue(outputs), parse.GetValue(approved)),
            time, Console.Out, Console.Error, ct));
        return command;
    }

    /// <summary>
    /// Whether an output file goes into the export: every current output, or with <paramref name="approvedOnly"/> only
    /// those of jobs approved in review (the decision <c>manifest.csv</c>'s <c>review</c> column shows).
    /// </summary>
    internal static bool Include(ManifestRow row, bool approvedOnly) =>
        row.Output is not null && (!approvedOnly || row.Review?.Decision == ReviewDecisions.Approved);

    public static async Task<int> ExecuteAsync(ExportRequest request, TimeProvider time, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (OutputsFolder.Resolve(request.Target, "export", time, error, request.Date, request.Outputs, out var pipeline) is not { } directory)
        {
            return ExitCodes.InvalidInput;
        }

        var database = StoreLocations.StatePath(directory);
        var export = pipeline?.Export ?? ExportSpec.None;
        if (request.Format == "shopify" && export.ImageBaseUrl is null)
        {
            await error.WriteLineAsync(
                $"{(pipeline is null ? "seedream-batch export" : ManifestLoader.DisplayPath(pipeline.ManifestPath))}: error: --format shopify needs export.image_base_url in the manifest (Shopify fetches every Image Src from a public URL); give the manifest, not the folder");
            return ExitCodes.InvalidInput;
        }

        List<ExportImage> images;
        int simulated;
        try
        {
            (images, simulated) = await ReadImagesAsync(database, export, request.Variant, request.ApprovedOnly, cancellationToken);
        }
        catch (TemplateRenderException e)
        {
            await error.WriteLineAsync(e.ToDiagnostic().ToString());
            return ExitCodes.InvalidInput;
        }

        if (request.Format == "shopify" && images.FirstOrDefault(i => i.Source.Length == 0) is { } missing)
        {
            await error.WriteLineAsync($"seedream-batch export: image {missing.ImageIndex} of {missing.Handle} has no '{request.Variant}' file; choose another --variant");
            return ExitCodes.InvalidInput;
        }

        if (request.ApprovedOnly && images.Count == 0)
        {
            // Not an error: a scheduled publish step before anyone has reviewed gets a valid, empty import (exit 0) and
            // a line saying why; a script that must not publish nothing tests for data rows.
            await error.WriteLineAsync("seedream-batch export: no approved images (approve some in `seedream-batch review`); writing only the header");
        }

        using var buffer = new MemoryStream();
        var cut = 0;
        if (request.Format == "shopify")
        {
            cut = ShopifyImageCsv.Write(buffer, images);
        }
        else
        {
            PimImageCsv.Write(buffer, images);
        }

        if (request.OutputFile is { } path)
        {
            Core.Files.AtomicFile.Write(Path.GetFullPath(path), buffer.ToArray());
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{images.Count} images of {images.Select(i => i.Handle).Distinct(StringComparer.Ordinal).Count()} products written to {path}."));
        }
        else
        {
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }

        // An import file is how pictures reach a shop: placeholders from the built-in simulator must never pass unnoticed.
        if (simulated > 0)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warning: {simulated} of {images.Count} images are the built-in simulator's placeholders, not generated images: do not publish them (a run with an API key makes them for real)"));
        }

        if (cut > 0)
        {
            await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"warning: {cut} alt texts were longer than Shopify's {ShopifyImageCsv.MaxAltLength} characters and were cut"));
        }

        return ExitCodes.Success;
    }

    /// <summary>The current outputs, one entry per image, with their templates rendered.</summary>
    private static async Task<(List<ExportImage> Images, int Simulated)> ReadImagesAsync(string database, ExportSpec export, string variant, bool approvedOnly, CancellationToken cancellationToken)
    {
        using var reader = StateReader.Open(database);
        var images = new List<ExportImage>();
        var simulated = 0;
        var files = new List<ManifestRow>();
        await foreach (var row in reader.ReadCurrentOutputsAsync(cancellationToken))
        {
            if (!Include(row, approvedOnly))
            {
                continue;
            }

            if (files.Count > 0 && (files[0].JobKey != row.JobKey || files[0].Output!.ImageIndex != row.Output!.ImageIndex))
            {
                simulated += files[0].Simulated ? 1 : 0;
                images.Add(ImageOf(files, export, variant));
                files.Clear();
            }

            files.Add(row);
        }

        if (files.Count > 0)
        {
            simulated += files[0].Simulated ? 1 : 0;
            images.Add(ImageOf(files, export, variant));
        }

        return (images, simulated);
    }

    private static ExportImage ImageOf(List<ManifestRow> files, ExportSpec export, string variant)
    {
        var first = files[0];
        var paths = files.ToDictionary(f => f.Output!.Variant, f => f.Output!.Path, StringComparer.Ordinal);
        var path = paths.GetValueOrDefault(variant) ?? "";
        var scope = new VariableScope(first.Variables);
        scope.Set("job.key", first.JobKey);
        scope.Set("image_index", first.Output!.ImageIndex.ToString(CultureInfo.InvariantCulture));
        scope.Set("model", first.Model);
        scope.Set("size", first.Size);
        scope.Set("variant", variant);
        scope.Set("path", path);
        var handle = export.Handle?.Render(scope) ?? HandleOf(paths.GetValueOrDefault("original") ?? path);
        var alt = export.Alt?.Render(scope) ?? "";
        var source = path.Length == 0 ? "" : export.ImageBaseUrl is { } baseUrl
            ? baseUrl.Render(scope).TrimEnd('/') + "/" + string.Join('/', path.Split('/').Select(Uri.EscapeDataString))
            : path;
        return new ExportImage(handle, first.JobKey, first.Output.ImageIndex, first.Model, first.Size, alt, source, first.Variables, paths);
    }

    /// <summary>
    /// Without <c>export.handle</c>: the output name's folder (<c>apparel/TEE-001/studio</c> → <c>apparel-tee-001</c>), or
    /// its name, as a slug (Shopify handles are lower-case letters, digits and hyphens).
    /// </summary>
    private static string HandleOf(string path)
    {
        var folder = Path.GetDirectoryName(path.Replace('/', Path.DirectorySeparatorChar));
        return Slug.Of(string.IsNullOrEmpty(folder) ? Path.GetFileName(path).Split('.')[0] : folder);
    }
}
