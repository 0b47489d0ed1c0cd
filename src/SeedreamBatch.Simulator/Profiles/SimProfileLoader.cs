using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace SeedreamBatch.Simulator.Profiles;

/// <summary>Reads a YAML profile onto <see cref="SimulatorOptions"/>; unknown keys and bad values are errors with their line.</summary>
public static class SimProfileLoader
{
    /// <summary>Applies the profile at <paramref name="path"/>; throws <see cref="FormatException"/> with one line per problem.</summary>
    public static void Apply(string path, SimulatorOptions options) => ApplyYaml(File.ReadAllText(path), options, path);

    public static void ApplyYaml(string yaml, SimulatorOptions options, string source = "profile")
    {
        SimProfile profile;
        try
        {
            profile = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<SimProfile>(yaml) ?? new SimProfile();
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}:{e.Start.Column}: {(e.InnerException ?? e).Message}");
        }

        try
        {
            Apply(profile, options);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{source}: {e.Message}");
        }
    }

    private static void Apply(SimProfile p, SimulatorOptions o)
    {
        var f = o.Faults;
        if (p.ApiKeys is { } keys)
        {
            o.ApiKeys.Clear();
            foreach (var k in keys)
            {
                o.ApiKeys.Add(k);
            }
        }

        o.UrlTtl = p.UrlTtl is { } ttl ? SimDuration.Parse(ttl) : o.UrlTtl;
        o.RandomSeed = p.Seed ?? o.RandomSeed;
        o.ImageStyle = p.Images is { } style ? ParseImageStyle(style) : o.ImageStyle;
        f.ContentMarker = p.ContentMarker ?? f.ContentMarker;
        f.OutputContentMarker = p.OutputContentMarker ?? f.OutputContentMarker;
        f.RequestLatency = p.Latency?.Request is { } rl ? LatencyDistribution.Parse(rl) : f.RequestLatency;
        f.PerImageLatency = p.Latency?.PerImage is { } pl ? LatencyDistribution.Parse(pl) : f.PerImageLatency;
        f.RequestsPerMinute = p.RateLimits?.RequestsPerMinute ?? f.RequestsPerMinute;
        f.ImagesPerMinute = p.RateLimits?.ImagesPerMinute ?? f.ImagesPerMinute;
        f.RateLimitedRate = p.Errors?.RateLimited ?? f.RateLimitedRate;
        f.RateLimitedRetryAfter = p.Errors?.RateLimitedRetryAfter is { } ra ? SimDuration.Parse(ra) : f.RateLimitedRetryAfter;
        f.Error500Rate = p.Errors?.Http500 ?? f.Error500Rate;
        f.Error502Rate = p.Errors?.Http502 ?? f.Error502Rate;
        f.Error503Rate = p.Errors?.Http503 ?? f.Error503Rate;
        f.ResetRate = p.Errors?.Reset ?? f.ResetRate;
        f.HangRate = p.Errors?.Hang ?? f.HangRate;
        f.HangDuration = p.Errors?.HangDuration is { } hd ? SimDuration.Parse(hd) : f.HangDuration;
        f.ResetAfterChargeRate = p.Errors?.ResetAfterCharge ?? f.ResetAfterChargeRate;
        f.HangAfterChargeRate = p.Errors?.HangAfterCharge ?? f.HangAfterChargeRate;
        f.StreamDropRate = p.Errors?.StreamDrop ?? f.StreamDropRate;
        f.StreamDropAfterEvents = p.Errors?.StreamDropAfterEvents ?? f.StreamDropAfterEvents;
        f.DownloadBytesPerSecond = p.Downloads?.BytesPerSecond ?? f.DownloadBytesPerSecond;
        f.TruncateDownloadRate = p.Downloads?.Truncate ?? f.TruncateDownloadRate;
        f.CorruptImageRate = p.Downloads?.Corrupt ?? f.CorruptImageRate;
        f.PartialFailureRate = p.PartialFailureRate ?? f.PartialFailureRate;
        foreach (var k in p.OverdueKeys ?? [])
        {
            f.OverdueKeys.Add(k);
        }

        foreach (var k in p.DeniedKeys ?? [])
        {
            f.DeniedKeys.Add(k);
        }

        o.SinanCreatePath = p.Sinan?.CreatePath ?? o.SinanCreatePath;
        o.SinanTaskPath = p.Sinan?.TaskPath ?? o.SinanTaskPath;
        o.SinanAutoImages = p.Sinan?.AutoImages ?? o.SinanAutoImages;
    }

    /// <summary><c>photo</c> or <c>flat</c> (<c>sim --images</c>, profile key <c>images</c>).</summary>
    public static Images.SimImageStyle ParseImageStyle(string text) => text switch
    {
        "photo" => Images.SimImageStyle.Photo,
        "flat" => Images.SimImageStyle.Flat,
        _ => throw new FormatException($"images must be photo or flat, not '{text}'"),
    };
}
