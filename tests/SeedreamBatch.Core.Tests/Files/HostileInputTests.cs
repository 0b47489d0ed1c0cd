using System.Runtime.InteropServices;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Planning;
using SeedreamBatch.Core.Tests.Testing;

namespace SeedreamBatch.Core.Tests.Files;

/// <summary>
/// Inputs written to hurt: files the user did not mean to send, files that never end, inputs that would exhaust the
/// machine. Each must be one located error at validate (load + plan pass), in bounded time and memory.
/// </summary>
public sealed partial class HostileInputTests
{
    private const string Head = "version: 1\nname: hostile\nprovider: ark\nmodels: [seedream-4.5]\nsizes: [2048x2048]\noutputs: { dir: out, name: \"{{ sku }}\" }\n";

    private static IReadOnlyList<Diagnostic> Validate(string manifestPath)
    {
        // Bounded time is part of the contract: a FIFO or device must never block the check.
        var task = Task.Run(() =>
        {
            var load = ManifestLoader.Load(manifestPath);
            return load.Pipeline is null
                ? load.Diagnostics
                : PlanBuilder.Build(load.Pipeline, ManifestFiles.Run, previewJobs: 0, loadDiagnostics: load.Diagnostics).Diagnostics;
        });
        Assert.True(task.Wait(TimeSpan.FromSeconds(20)), "validation did not finish in bounded time");
        return [.. task.Result.Where(d => d.IsError)];
    }

    private static Diagnostic Single(IReadOnlyList<Diagnostic> errors)
    {
        Assert.True(errors.Count == 1, string.Join("\n", errors));
        return errors[0];
    }

    private static string WithRows(TempDirectory dir, string csv, string rest)
    {
        dir.Write("data.csv", csv);
        return dir.Write("pipeline.yaml", Head + "rows: { csv: data.csv }\nprompt: \"A {{ name }}\"\n" + rest);
    }

    [Fact]
    public void Validate_ReferenceCellOutsideFolder_ErrorAtTheRowAndNothingRead()
    {
        using var dir = new TempDirectory();
        var manifest = WithRows(dir, "sku,name,img\nA,mug,/etc/shadow\n", "references: [\"{{ img }}\"]\n");

        var error = Single(Validate(manifest));

        Assert.Equal(2, error.Location.Line);
        Assert.EndsWith("data.csv", error.Location.File, StringComparison.Ordinal);
        Assert.Contains("'/etc/shadow' is outside the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SymlinkInsideFolderPointingOut_RefusedAsOutside()
    {
        using var dir = new TempDirectory();
        File.CreateSymbolicLink(dir.Combine("innocent.png"), "/etc/passwd");
        var manifest = WithRows(dir, "sku,name,img\nA,mug,innocent.png\n", "references: [\"{{ img }}\"]\n");

        var error = Single(Validate(manifest));

        Assert.Contains("(a link to /etc/passwd) is outside the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LinkedParentFolderPointingOut_RefusedAsOutside()
    {
        using var dir = new TempDirectory();
        using var outside = new TempDirectory();
        outside.WriteBytes("secret.png", TinyImages.Png());
        Directory.CreateSymbolicLink(dir.Combine("imgs"), outside.Path);
        var manifest = dir.Write("pipeline.yaml", Head.Replace("\"{{ sku }}\"", "x", StringComparison.Ordinal) + "prompt: a mug\nreferences: [imgs/secret.png]\n");

        var error = Single(Validate(manifest));

        Assert.Equal(8, error.Location.Line);
        Assert.Contains("is outside the manifest's folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FolderListedInFilesAllow_ReferenceAccepted()
    {
        using var dir = new TempDirectory();
        using var shared = new TempDirectory();
        shared.WriteBytes("logo.png", TinyImages.Png());
        Directory.CreateSymbolicLink(dir.Combine("inside-link.png"), shared.Combine("logo.png"));
        var manifest = WithRows(dir, "sku,name,img\nA,mug,inside-link.png\nB,cup," + shared.Combine("logo.png") + "\n",
            $"references: [\"{{{{ img }}}}\"]\nfiles: {{ allow: [\"{shared.Path}\"] }}\n");

        Assert.Empty(Validate(manifest));
    }

    [Fact]
    public void Load_FilesAllowTheWholeDisk_Warns()
    {
        using var dir = new TempDirectory();
        var load = ManifestLoader.Load(dir.Write("pipeline.yaml", Head + "prompt: a mug\nfiles: { allow: [/] }\n"));

        var warning = Assert.Single(load.Diagnostics, d => !d.IsError);
        Assert.Equal(8, warning.Location.Line);
        Assert.Contains("any file on this machine", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TextFileNamedPng_RefusedByItsBytes()
    {
        using var dir = new TempDirectory();
        dir.Write("photo.png", "<html>not found</html>");
        var manifest = WithRows(dir, "sku,name,img\nA,mug,photo.png\n", "references: [\"{{ img }}\"]\n");

        Assert.Contains("it is not an image", Single(Validate(manifest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_HugeSparseReference_RefusedFromItsSizeWithoutReadingIt()
    {
        using var dir = new TempDirectory();
        using (var file = new FileStream(dir.Combine("huge.png"), FileMode.CreateNew))
        {
            file.Write(TinyImages.Png());
            file.SetLength(300L * 1024 * 1024); // sparse: no disk used, the bound is real
        }

        var manifest = WithRows(dir, "sku,name,img\nA,mug,huge.png\n", "references: [\"{{ img }}\"]\n");

        Assert.Contains("is 300 MiB, over its limit of 10 MiB", Single(Validate(manifest)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7000, 7000, "over the limit of 36,000,000 pixels")]
    [InlineData(14, 2000, "each side must be more than 14 pixels")]
    public void Validate_ReferenceOutsideProviderPixelLimits_Refused(int width, int height, string expected)
    {
        using var dir = new TempDirectory();
        dir.WriteBytes("big.png", TinyImages.Png(width, height));
        var manifest = WithRows(dir, "sku,name,img\nA,mug,big.png\n", "references: [\"{{ img }}\"]\n");

        Assert.Contains(expected, Single(Validate(manifest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DevZeroAsCatalogPromptAndReference_EachRefusedAsADevice()
    {
        using var dir = new TempDirectory();
        var asCatalog = dir.Write("catalog.yaml", Head + "files: { allow: [/dev] }\nrows: { csv: /dev/zero }\nprompt: a mug\n");
        var asPrompt = dir.Write("prompt.yaml", Head + "files: { allow: [/dev] }\nprompt: { file: /dev/zero }\n");
        dir.Write("data.csv", "sku,name,img\nA,mug,/dev/zero\n");
        var asReference = dir.Write("reference.yaml", Head + "files: { allow: [/dev] }\nrows: { csv: data.csv }\nprompt: \"A {{ name }}\"\nreferences: [\"{{ img }}\"]\n");

        Assert.Contains("rows.csv: the catalog is a device", Single(Validate(asCatalog)).Message, StringComparison.Ordinal);
        Assert.Contains("prompt.file: the prompt file is a device", Single(Validate(asPrompt)).Message, StringComparison.Ordinal);
        var reference = Single(Validate(asReference));
        Assert.Equal(2, reference.Location.Line);
        Assert.Contains("the reference image is a device", reference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FifoAsManifestCatalogPromptAndReference_RefusedWithoutBlocking()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // FIFOs are made with mkfifo(3) here; the refusal itself is Linux's O_NONBLOCK open
        }

        using var dir = new TempDirectory();
        Assert.Equal(0, MakeFifo(dir.Combine("pipe"), 0x1B6));
        var asCatalog = dir.Write("catalog.yaml", Head + "rows: { csv: pipe }\nprompt: a mug\n");
        var asPrompt = dir.Write("prompt.yaml", Head + "prompt: { file: pipe }\n");
        dir.Write("data.csv", "sku,name,img\nA,mug,pipe\n");
        var asReference = dir.Write("reference.yaml", Head + "rows: { csv: data.csv }\nprompt: \"A {{ name }}\"\nreferences: [\"{{ img }}\"]\n");

        Assert.Contains("is not a regular file", Single(Validate(asCatalog)).Message, StringComparison.Ordinal);
        Assert.Contains("is not a regular file", Single(Validate(asPrompt)).Message, StringComparison.Ordinal);
        Assert.Contains("is not a regular file", Single(Validate(asReference)).Message, StringComparison.Ordinal);
        Assert.Contains("is not a regular file", Single(Validate(dir.Combine("pipe"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Load_HundredThousandNestedCollections_OneLocatedErrorNoStackOverflow(string open, string close)
    {
        using var dir = new TempDirectory();
        var nested = string.Concat(Enumerable.Repeat(open, 100_000)) + "x" + string.Concat(Enumerable.Repeat(close, 100_000));
        var manifest = dir.Write("pipeline.yaml", "version: 1\nname: deep\nmatrix:\n  style: " + (open == "- " ? "\n    " : "") + nested + "\n");

        var error = Single(Validate(manifest));

        Assert.StartsWith("YAML nested more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.True(error.Location.Line > 0);
    }

    [Fact]
    public void Load_ManifestOverItsLimit_RefusedBeforeParsing()
    {
        using var dir = new TempDirectory();
        var manifest = dir.Write("pipeline.yaml", Head + "prompt: a mug\ndescription: \"" + new string('x', (int)InputLimits.ManifestBytes) + "\"\n");

        Assert.Contains("the manifest is 4 MiB, over its limit of 4 MiB", Single(Validate(manifest)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_PromptFileOverItsLimit_ErrorAtTheManifestLine()
    {
        using var dir = new TempDirectory();
        dir.Write("prompt.txt", new string('p', (int)InputLimits.TemplateBytes + 1));
        var manifest = dir.Write("pipeline.yaml", Head + "prompt: { file: prompt.txt }\n");

        var error = Single(Validate(manifest));

        Assert.Equal(7, error.Location.Line);
        Assert.Contains("prompt.file: the prompt file is 1 MiB, over its limit of 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CsvFieldOverTheRecordLimit_ErrorAtItsLineWithoutReadingItAll()
    {
        using var dir = new TempDirectory();
        var huge = new string('z', 3 * InputLimits.RecordBytes);
        var manifest = WithRows(dir, $"sku,name\nA,mug\nB,\"{huge}\"\nC,cup\n", "");

        var error = Single(Validate(manifest));

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("longer than 1 MiB, the limit for one row", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnclosedQuoteSwallowingTheFile_ErrorAtItsLine()
    {
        using var dir = new TempDirectory();
        var manifest = WithRows(dir, "sku,name\nA,\"mug\n" + string.Concat(Enumerable.Repeat("B,cup and more text\n", 100_000)), "");

        var error = Single(Validate(manifest));

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("longer than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JsonLinesLineOverTheRecordLimit_ErrorAtItsLine()
    {
        using var dir = new TempDirectory();
        dir.Write("rows.jsonl", "{\"sku\":\"A\",\"name\":\"mug\"}\n{\"sku\":\"B\",\"name\":\"" + new string('z', 3 * InputLimits.RecordBytes) + "\"}\n");
        var manifest = dir.Write("pipeline.yaml", Head + "rows: { jsonl: rows.jsonl }\nprompt: \"A {{ name }}\"\n");

        var error = Single(Validate(manifest));

        Assert.Equal(2, error.Location.Line);
        Assert.Contains("longer than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JsonStringOverTheRecordLimit_ErrorAtItsRow()
    {
        using var dir = new TempDirectory();
        dir.Write("rows.json", "[\n{\"sku\":\"A\",\"name\":\"mug\"},\n{\"sku\":\"B\",\"name\":\"" + new string('z', 3 * InputLimits.RecordBytes) + "\"}\n]\n");
        var manifest = dir.Write("pipeline.yaml", Head + "rows: { json: rows.json }\nprompt: \"A {{ name }}\"\n");

        var error = Single(Validate(manifest));

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("longer than 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PromptOverOurLimit_ErrorAtTheRow()
    {
        using var dir = new TempDirectory();
        var manifest = WithRows(dir, $"sku,name\nA,mug\nB,{new string('w', InputLimits.PromptCharacters)}\n", "");

        var error = Single(Validate(manifest));

        Assert.Equal(3, error.Location.Line);
        Assert.Contains("over the limit of 10,000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageSignature_RealHeaders_FormatAndSize()
    {
        Assert.Equal(new ImageSignature("png", 64, 32), ImageSignature.Probe(TinyImages.Png(64, 32), out _));
        byte[] gif = [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 20, 0, 10, 0];
        Assert.Equal(new ImageSignature("gif", 20, 10), ImageSignature.Probe(gif, out _));
        Assert.Null(ImageSignature.Probe("GIF89"u8, out var truncated));
        Assert.Equal("its image header is damaged or truncated", truncated);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
}
