namespace SeedreamBatch.Core.Providers;

/// <summary>Which ModelArk region a base URL points at; model ids differ between them.</summary>
public enum ArkRegion
{
    /// <summary>BytePlus, <c>ark.ap-southeast.bytepluses.com</c>: ids such as <c>seedream-4-5-251128</c>.</summary>
    International,

    /// <summary>Volcano Engine, <c>ark.cn-beijing.volces.com</c>: ids such as <c>doubao-seedream-4-5-251128</c>.</summary>
    China,
}
