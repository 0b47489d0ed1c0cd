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

    // docs/provider-apis.md §1 (docs.byteplus.com/en/docs/ModelArk/1299023; ark-cli arkcli-doctor error-codes) and §5 (KIE).
    [Theory]
    [InlineData(400, "InputTextRiskDetection", ProviderErrorKind.ContentPolicy)]
    [InlineData(400, "OutputImageRiskDetection", ProviderErrorKind.ContentPolicy)]
    [InlineData(429, "QuotaExceeded", ProviderErrorKind.AccountProblem)]
    [InlineData(429, "SetLimitExceeded", ProviderErrorKind.AccountProblem)]
    [InlineData(404, "ModelNotOpen", ProviderErrorKind.AccountProblem)]
    [InlineData(403, "AccountOverdueError", ProviderErrorKind.AccountProblem)]
    [InlineData(429, "ModelAccountIpmRateLimitExceeded", ProviderErrorKind.RateLimited)]
    [InlineData(429, "ServerOverloaded", ProviderErrorKind.RateLimited)]
    [InlineData(429, "RequestBurstTooFast", ProviderErrorKind.RateLimited)]
    [InlineData(404, "InvalidEndpointOrModel.NotFound", ProviderErrorKind.NotFound)]
    [InlineData(455, null, ProviderErrorKind.ServerError)]
    [InlineData(505, null, ProviderErrorKind.InvalidRequest)]
    public void Classify_DocumentedCodes_MapToTaxonomy(int status, string? code, ProviderErrorKind expected)
    {
        Assert.Equal(expected, ErrorClassifier.Classify(status, code, "m"));
    }

    [Theory]
    [InlineData(429, "QuotaExceeded")]
    [InlineData(429, "SetLimitExceeded")]
    [InlineData(404, "ModelNotOpen")]
    [InlineData(403, "AccountOverdueError")]
    public void Classify_AccountErrors_NeverRetriedAndStopTheRun(int status, string code)
    {
        var kind = ErrorClassifier.Classify(status, code, "m");

        Assert.False(kind.IsRetryable());
        Assert.True(kind.IsAccountWide());
    }

    [Fact]
    public void IsRetryable_OnlyTransientKinds()
    {
        var retryable = Enum.GetValues<ProviderErrorKind>().Where(k => k.IsRetryable()).ToArray();

        Assert.Equal([ProviderErrorKind.RateLimited, ProviderErrorKind.ServerError, ProviderErrorKind.Timeout, ProviderErrorKind.Transport], retryable);
    }
}
