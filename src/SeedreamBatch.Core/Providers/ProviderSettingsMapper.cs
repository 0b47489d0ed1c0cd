using SeedreamBatch.Core.Diagnostics;
using SeedreamBatch.Core.Manifest;
using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Core.Providers;

/// <summary>
/// Turns a manifest's <c>providers.&lt;name&gt;</c> section into <see cref="ProviderSettings"/>: the dialect's
/// defaults with what the manifest sets on top; every problem reported at the section's location.
/// </summary>
public static class ProviderSettingsMapper
{
    /// <summary>The settings for <paramref name="dialect"/>, or null with the problems as diagnostics.</summary>
    /// <param name="section">The manifest's section for this provider; null: the defaults.</param>
    /// <param name="manifestPath">Where problems point when there is no section.</param>
    /// <param name="baseUrlOverride">The embedded simulator's address, replacing the manifest's once the region and wire shape are pinned.</param>
    public static (ProviderSettings? Settings, IReadOnlyList<Diagnostic> Problems) Map(ProviderDialect dialect, ProviderSection? section, string manifestPath, Uri? baseUrlOverride = null)
    {
        var settings = ProviderSettings.DefaultsFor(dialect);
        var problems = new List<string>();
        if (section is not null)
        {
            settings = Apply(settings, section, problems);
        }

        // The region is pinned now, from the manifest's own base_url: the job's model ids were chosen from it
        // (JobExpander), and pointing the base URL at the simulator must not switch them.
        if (dialect == ProviderDialect.Ark)
        {
            settings = settings with { Region = settings.EffectiveRegion };
        }

        if (dialect == ProviderDialect.Kie)
        {
            settings = settings with { KieApi = settings.EffectiveKieApi };
        }

        if (baseUrlOverride is not null)
        {
            settings = settings with { BaseUrl = baseUrlOverride.AbsoluteUri.TrimEnd('/') };
        }

        problems.AddRange(settings.Validate());
        if (problems.Count == 0)
        {
            return (settings, []);
        }

        var at = section?.Location ?? SourceLocation.OfFile(manifestPath);
        var name = section?.Name ?? dialect.ToName();
        return (null, [.. problems.Select(p => Diagnostic.Error(at, $"providers.{name}: {p}"))]);
    }

    private static ProviderSettings Apply(ProviderSettings s, ProviderSection section, List<string> problems)
    {
        ArkRegion? region = section.Region switch
        {
            null => null,
            "china" => ArkRegion.China,
            "international" or "intl" => ArkRegion.International,
            var other => Unknown(other),
        };
        var poll = Seconds(section.PollIntervalSeconds, "poll_interval", problems) ?? s.PollInterval;
        return s with
        {
            BaseUrl = section.BaseUrl ?? s.BaseUrl,
            ApiKeyEnv = section.ApiKeyEnv ?? s.ApiKeyEnv,
            Region = region ?? s.Region,
            Concurrency = section.Concurrency ?? s.Concurrency,
            ImagesPerMinute = section.ImagesPerMinute ?? s.ImagesPerMinute,
            RequestsPerMinute = section.RequestsPerMinute ?? s.RequestsPerMinute,
            RequestTimeout = Seconds(section.TimeoutSeconds, "timeout", problems) ?? s.RequestTimeout,
            PollInterval = poll,
            // A slower first poll than the default ceiling raises the ceiling with it rather than failing validation.
            MaxPollInterval = poll > s.MaxPollInterval ? poll : s.MaxPollInterval,
            AllowInsecure = section.AllowInsecure ?? s.AllowInsecure,
            CallbackListen = section.CallbackListen ?? s.CallbackListen,
            CallbackPublicUrl = section.CallbackPublicUrl ?? s.CallbackPublicUrl,
            SinanCreatePath = section.CreatePath ?? s.SinanCreatePath,
            SinanTaskPath = section.TaskPath ?? s.SinanTaskPath,
        };

        ArkRegion? Unknown(string text)
        {
            problems.Add($"region '{text}' is not one of international, china");
            return null;
        }
    }

    private static TimeSpan? Seconds(double? value, string key, List<string> problems)
    {
        if (value is not { } seconds)
        {
            return null;
        }

        if (seconds <= 0 || double.IsNaN(seconds) || seconds > TimeSpan.FromDays(1).TotalSeconds)
        {
            problems.Add($"{key} must be a positive number of seconds up to one day, got {seconds}");
            return null;
        }

        return TimeSpan.FromSeconds(seconds);
    }
}
