using System.Security.Cryptography;
using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Files;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SeedreamBatch.Core.Manifest;

/// <summary>Reads a manifest file into a <see cref="PipelineSpec"/>, reporting every problem with its location.</summary>
public static class ManifestLoader
{
    public static ManifestLoadResult Load(string path) => Load(path, ManifestOverrides.None);

    /// <summary>Loads the manifest with the overlay chosen by <c>--env</c> and the <c>--set</c> values merged in.</summary>
    public static ManifestLoadResult Load(string path, ManifestOverrides? overrides)
    {
        overrides ??= ManifestOverrides.None;
        var fullPath = Path.GetFullPath(path);
        var shown = DisplayPath(path);
        if (Directory.Exists(fullPath))
        {
            return Fail(shown, "is a folder; give the manifest file (e.g. pipeline.yaml)");
        }

        if (!File.Exists(fullPath))
        {
            return Fail(shown, "manifest file not found");
        }

        byte[] bytes;
        string text;
        try
        {
            // Bounded before parsing: a device, a pipe or a huge file is one line, not a hang or an exhausted machine.
            bytes = LocalFile.ReadAllBytes(fullPath, InputLimits.ManifestBytes, "the manifest");
            text = LocalFile.DecodeUtf8(bytes, "the manifest");
        }
        catch (FileProblemException e)
        {
            return Fail(shown, e.Message);
        }

        if (YamlGuard.Check(text, shown) is { } refused)
        {
            return new ManifestLoadResult(null, [refused]);
        }

        var root = Parse(text, shown, out var syntaxError);
        if (syntaxError is not null)
        {
            return new ManifestLoadResult(null, [syntaxError]);
        }

        if (root is null)
        {
            return Fail(shown, "the manifest is empty; start with 'version: 1' (or run 'seedream-batch init')");
        }

        var reader = new YamlReader(shown);
        var effective = ManifestOverlay.Apply(root, overrides, reader);
        PipelineSpec? pipeline = null;
        if (effective is not null)
        {
            var parser = new ManifestParser(reader, fullPath, text, Sha256(bytes, overrides), overrides.Environment);
            pipeline = parser.Parse(effective);
        }

        var ordered = reader.Diagnostics
            .OrderBy(d => d.Location.File == shown ? 0 : 1)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ToList();
        return new ManifestLoadResult(reader.HasErrors ? null : pipeline, ordered)
        {
            EffectiveYaml = effective is null ? null : ManifestOverlay.ToYaml(effective),
        };
    }

    /// <summary>The file's SHA-256, or with overrides the SHA-256 of the file and them: a run records what it really ran.</summary>
    private static string Sha256(byte[] bytes, ManifestOverrides overrides)
    {
        if (overrides.IsEmpty)
        {
            return Convert.ToHexStringLower(SHA256.HashData(bytes));
        }

        var extra = System.Text.Encoding.UTF8.GetBytes($"\n#--env {overrides.Environment}\n" + string.Concat(overrides.Sets.Select(s => $"#--set {s}\n")));
        return Convert.ToHexStringLower(SHA256.HashData([.. bytes, .. extra]));
    }

    /// <summary>Paths in messages are as the user typed them (relative stays relative) so they stay short.</summary>
    public static string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, full);
        return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative;
    }

    private static YamlNode? Parse(string text, string file, out Diagnostic? error)
    {
        error = null;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count > 1)
            {
                var second = stream.Documents[1].RootNode;
                error = Diagnostic.Error(new SourceLocation(file, (int)second.Start.Line, (int)second.Start.Column),
                    "the manifest holds more than one YAML document ('---'); put one pipeline per file");
                return null;
            }

            return stream.Documents.Count == 0 || YamlReader.IsNull(stream.Documents[0].RootNode) ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            error = YamlHints.Explain(text, file)
                ?? Diagnostic.Error(new SourceLocation(file, (int)e.Start.Line, (int)e.Start.Column), "YAML: " + CleanMessage(e.Message));
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws without a position on some malformed flow collections;
            // scan again to find the last token it understood.
            error = YamlHints.Explain(text, file)
                ?? Diagnostic.Error(LastGoodToken(text, file), "YAML: malformed syntax here (an unclosed [ ] or { }, or a stray quote?)");
            return null;
        }
    }

    private static SourceLocation LastGoodToken(string text, string file)
    {
        var last = Mark.Empty;
        try
        {
            var scanner = new Scanner(new StringReader(text));
            while (scanner.MoveNext())
            {
                last = scanner.Current!.Start;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or YamlException)
        {
            // The position reached is what we wanted.
        }

        return new SourceLocation(file, Math.Max(1, (int)last.Line), Math.Max(1, (int)last.Column));
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet appends "Line: 2, Col: 1, Idx: 5"; the location is printed in front already.
        var at = message.IndexOf(" Line: ", StringComparison.Ordinal);
        var text = at > 0 ? message[..at] : message;
        return text.Replace("Duplicate key", "duplicate key", StringComparison.Ordinal).TrimEnd('.');
    }

    private static ManifestLoadResult Fail(string file, string message) =>
        new(null, [Diagnostic.Error(SourceLocation.OfFile(file), message)]);
}
