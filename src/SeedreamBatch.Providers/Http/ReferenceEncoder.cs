using System.Security.Cryptography;
using SeedreamBatch.Core.Files;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Http;

/// <summary>Puts reference images on the wire: URLs as they are, local files as <c>data:</c> URIs where the dialect takes base64.</summary>
internal static class ReferenceEncoder
{
    /// <summary>For dialects that take URLs only: refuses a local file with a message that says what to do instead.</summary>
    public static IReadOnlyList<string> UrlsOnly(IReadOnlyList<ReferenceImage> references, ProviderHttp http)
    {
        foreach (var reference in references)
        {
            if (reference.IsLocalFile)
            {
                throw http.Fail(
                    ProviderErrorKind.InvalidRequest,
                    "local_reference_unsupported",
                    $"this provider takes reference images as URLs only and cannot upload the local file '{Path.GetFileName(reference.Source)}'; publish it and reference its https URL");
            }
        }

        return references.Select(r => r.Source).ToArray();
    }

    /// <summary>For dialects that take base64: URLs as they are, local files read (and checked against their recorded hash) into data URIs.</summary>
    public static async Task<IReadOnlyList<string>> UrlsOrDataUrisAsync(IReadOnlyList<ReferenceImage> references, ProviderHttp http, CancellationToken cancellationToken)
    {
        var result = new List<string>(references.Count);
        foreach (var reference in references)
        {
            result.Add(reference.IsLocalFile ? await DataUriAsync(reference, http, cancellationToken).ConfigureAwait(false) : reference.Source);
        }

        return result;
    }

    private static Task<string> DataUriAsync(ReferenceImage reference, ProviderHttp http, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(reference.Source);
        byte[] bytes;
        try
        {
            // Checked at validate; read again under the same cap and refusals (a file swapped for a FIFO or a huge one
            // since then must not hang or exhaust the run), and its hash compared below.
            cancellationToken.ThrowIfCancellationRequested();
            bytes = LocalFile.ReadAllBytes(reference.Source, InputLimits.ReferenceBytes, $"reference image '{name}'");
        }
        catch (FileProblemException ex)
        {
            throw http.Fail(ProviderErrorKind.InvalidRequest, "reference_unreadable", ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw http.Fail(ProviderErrorKind.InvalidRequest, "reference_unreadable", $"cannot read reference image '{name}': {ex.Message}");
        }

        // The job key includes the file's hash: sending different bytes under the same key would make outputs lie.
        if (reference.ContentSha256 is { } expected && !string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), expected, StringComparison.OrdinalIgnoreCase))
        {
            throw http.Fail(ProviderErrorKind.InvalidRequest, "reference_changed", $"reference image '{name}' changed since the job was planned; plan the run again");
        }

        // The format from the magic bytes (the file extension may lie); jpeg when unknown, as providers expect.
        return Task.FromResult($"data:image/{ImageSignature.FormatOf(bytes) ?? "jpeg"};base64,{Convert.ToBase64String(bytes)}");
    }
}
