using YamlDotNet.Serialization;

namespace SeedreamBatch.Simulator.Profiles;

internal sealed class SimProfileErrors
{
    public double? RateLimited { get; set; }

    public string? RateLimitedRetryAfter { get; set; }

    [YamlMember(Alias = "http_500")]
    public double? Http500 { get; set; }

    [YamlMember(Alias = "http_502")]
    public double? Http502 { get; set; }

    [YamlMember(Alias = "http_503")]
    public double? Http503 { get; set; }

    public double? Reset { get; set; }

    public double? Hang { get; set; }

    public string? HangDuration { get; set; }

    public double? ResetAfterCharge { get; set; }

    public double? HangAfterCharge { get; set; }

    public double? StreamDrop { get; set; }

    public int? StreamDropAfterEvents { get; set; }
}
