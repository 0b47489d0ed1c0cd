namespace SeedreamBatch.Simulator.Dialects.OpenAICompatible;

/// <summary>The gateway's public model names and their <c>custom_size</c> minimum pixel counts (seed 002).</summary>
internal static class OpenAIModels
{
    public static long? MinPixels(string model) => model switch
    {
        "seedream-4.0" => 921_600,
        "seedream-4.5" or "seedream-5.0-lite" => 3_686_400,
        _ => null,
    };
}
