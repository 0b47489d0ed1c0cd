using System.Globalization;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Capabilities;

/// <summary>Checks one requested generation against a model's capabilities on a dialect.</summary>
public static class CapabilityCheck
{
    public static CapabilityFindings Check(ModelCapabilities caps, RequestedGeneration request)
    {
        var findings = new List<CapabilityFinding>();
        void Error(CapabilitySubject subject, string message) => findings.Add(new CapabilityFinding(subject, true, message));
        var who = $"{caps.Model.ToName()} on {caps.Dialect.ToName()}";

        if (caps.Sizes.Check(request.Size) is { } sizeProblem)
        {
            Error(CapabilitySubject.Size, $"{who} {sizeProblem}");
        }

        if (request.ReferenceCount < caps.MinReferences)
        {
            Error(CapabilitySubject.References, $"{who} needs {caps.MinReferences} reference image(s) (edit model), got {request.ReferenceCount}");
        }

        if (request.ReferenceCount > caps.MaxReferences)
        {
            Error(CapabilitySubject.References, caps.MaxReferences == 0
                ? $"{who} is text-to-image only and takes no reference images, got {request.ReferenceCount}"
                : $"{who} takes at most {caps.MaxReferences} reference image(s), got {request.ReferenceCount}");
        }

        if (request.HasLocalReferences && caps.ReferencesMustBeUrls)
        {
            Error(CapabilitySubject.References, $"{who} takes reference images as URLs only; a local file cannot be sent (host it and use its URL)");
        }

        if (request.ImageCount > caps.MaxImagesPerRequest)
        {
            Error(CapabilitySubject.ImageCount, (caps.MaxImagesPerRequest == 1
                ? $"{who} makes one image per request; images_per_job {request.ImageCount} is not possible (use repeat instead)"
                : $"{who} makes at most {caps.MaxImagesPerRequest} images per request; images_per_job is {request.ImageCount}")
                + (caps.ImageCountNote is { } note ? $" ({note})" : ""));
        }
        else if (request.ImageCount + request.ReferenceCount > caps.MaxInputsPlusOutputs && caps.MaxImagesPerRequest > 1)
        {
            Error(CapabilitySubject.ImageCount, $"{who}: reference images + images_per_job may not exceed {caps.MaxInputsPlusOutputs} ({request.ReferenceCount} + {request.ImageCount})");
        }

        if (request.Options.GuidanceScale is { } g)
        {
            if (!caps.AcceptsGuidance)
            {
                Error(CapabilitySubject.GuidanceScale, $"{who} does not take guidance_scale (only seedream-3.0-t2i and seededit-3.0 do)");
            }
            else if (g < 1 || g > 10)
            {
                Error(CapabilitySubject.GuidanceScale, string.Create(CultureInfo.InvariantCulture, $"guidance_scale {g} is outside [1, 10]"));
            }
        }

        if (request.Options.Stream && !caps.SupportsStreaming)
        {
            Error(CapabilitySubject.Stream, $"{who} does not stream; remove stream: true");
        }

        if (request.Options.ResponseFormat is { } format && format != "url" && !caps.SupportsResponseFormat)
        {
            Error(CapabilitySubject.ResponseFormat, $"{who} returns URLs only; response_format '{format}' is not available");
        }

        if (request.Options.OptimizePromptMode is { } mode)
        {
            if (caps.OptimizePromptModes is null)
            {
                findings.Add(new CapabilityFinding(CapabilitySubject.OptimizePrompt, false, $"{who}: optimize_prompt cannot be sent (not in {caps.Dialect.ToName()}'s API reference): it is ignored"));
            }
            else if (!caps.OptimizePromptModes.Contains(mode))
            {
                Error(CapabilitySubject.OptimizePrompt, $"{who} does not take optimize_prompt '{mode}' (it takes {string.Join(", ", caps.OptimizePromptModes.Order(StringComparer.Ordinal))}; 'fast' is Seedream 4.0 only)");
            }
        }

        if (request.Options.OutputFormat is not null)
        {
            if (!caps.SendsOutputFormat)
            {
                findings.Add(new CapabilityFinding(CapabilitySubject.OutputFormat, false, $"{who}: output_format cannot be sent (not in {caps.Dialect.ToName()}'s API reference): it is ignored and images come as the provider makes them"));
            }
            else if (!caps.TakesOutputFormat)
            {
                Error(CapabilitySubject.OutputFormat, $"{who} does not take output_format (only seedream-5.0-lite does; images are JPEG)");
            }
        }

        if (request.SeedRequested && !caps.AcceptsSeed)
        {
            findings.Add(new CapabilityFinding(CapabilitySubject.Seed, false, $"{who} ignores seeds: the seed is recorded but not sent, and reruns will give different images"));
        }

        if (request.Prompt is { } prompt)
        {
            findings.AddRange(CheckPrompt(caps, prompt));
        }

        return new CapabilityFindings(findings);
    }

    /// <summary>The per-job part of the check: runs once per job of a million, so it allocates nothing when the prompt is fine.</summary>
    public static IReadOnlyList<CapabilityFinding> CheckPrompt(ModelCapabilities caps, string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return [new CapabilityFinding(CapabilitySubject.Prompt, true, "the rendered prompt is empty")];
        }

        var tooLong = caps.MaxPromptCharacters is { } limit && prompt.Length > limit;

        // A prompt of more than N words has at least 2N - 1 characters: shorter ones need no counting.
        var mayBeWordy = caps.AdvisedPromptWords is { } advised && prompt.Length >= (2 * advised) - 1;
        if (!tooLong && !mayBeWordy)
        {
            return [];
        }

        var findings = new List<CapabilityFinding>();
        var who = $"{caps.Model.ToName()} on {caps.Dialect.ToName()}";

        if (caps.MaxPromptCharacters is { } max && prompt.Length > max)
        {
            findings.Add(new CapabilityFinding(CapabilitySubject.Prompt, true, $"{who} takes prompts of at most {max} characters; this one has {prompt.Length}"));
        }

        if (caps.AdvisedPromptWords is { } words)
        {
            var count = prompt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (count > words)
            {
                findings.Add(new CapabilityFinding(CapabilitySubject.Prompt, false, $"the prompt has {count} words; {who} advises under {words} (details past that are often lost)"));
            }
        }

        return findings;
    }
}
