using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers.Tests.Http;

public sealed class ErrorClassifierTests
{
    [Theory]
    [InlineData(429, "RateLimitExceeded.EndpointTPMExceeded", null, ProviderErrorKind.RateLimited)]
    [InlineData(500, "InternalServiceError", null, ProviderErrorKind.ServerError)]
    [InlineData(502, null, null, ProviderErrorKind.ServerError)]
    [InlineData(408, null, null, ProviderErrorKind.Timeout)]
    [InlineData(402, "insufficient_credits", null, ProviderErrorKind.AccountProblem)]
    [InlineData(400, null, "The request failed because the input text may contain sensitive information.", ProviderErrorKind.ContentPolicy)]
    [InlineData(null, null, "The service encountered an unexpected internal error.", ProviderErrorKind.ServerError)]
    [InlineData(418, null, null, ProviderErrorKind.InvalidRequest)]
    public void Classify_CodeStatusAndMessage_MapToTaxonomy(int? status, string? code, string? message, ProviderErrorKind expected)
    {
        Assert.Equal(expected, ErrorClassifier.Classify(status, code, message));
    }

    [Fact]
    public void IsRetryable_OnlyTransientKinds()
    {
        var retryable = Enum.GetValues<ProviderErrorKind>().Where(k => k.IsRetryable()).ToArray();

        Assert.Equal([ProviderErrorKind.RateLimited, ProviderErrorKind.ServerError, ProviderErrorKind.Timeout, ProviderErrorKind.Transport], retryable);
    }
}
