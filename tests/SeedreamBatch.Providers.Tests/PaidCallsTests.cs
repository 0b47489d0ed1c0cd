using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Tests;

/// <summary>The one place that decides whether an error of a paid call may have been billed.</summary>
public sealed class PaidCallsTests
{
    [Theory]
    [InlineData(ProviderErrorKind.RateLimited, ProviderErrorKind.RateLimited)]
    [InlineData(ProviderErrorKind.ServerError, ProviderErrorKind.ServerError)]
    [InlineData(ProviderErrorKind.Timeout, ProviderErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.Transport, ProviderErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.OutcomeUnknown, ProviderErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.ContentPolicy, ProviderErrorKind.ContentPolicy)]
    [InlineData(ProviderErrorKind.AccountProblem, ProviderErrorKind.AccountProblem)]
    [InlineData(ProviderErrorKind.Authentication, ProviderErrorKind.Authentication)]
    [InlineData(ProviderErrorKind.NotFound, ProviderErrorKind.NotFound)]
    [InlineData(ProviderErrorKind.InvalidRequest, ProviderErrorKind.InvalidRequest)]
    public void AfterSubmit_EachKind_ClassifiedSoNothingSentIsResent(ProviderErrorKind kind, ProviderErrorKind expected)
    {
        var classified = PaidCalls.AfterSubmit(Error(kind, status: 500));

        Assert.Equal(expected, classified.Error.Kind);
        Assert.Equal("code", classified.Error.ProviderCode);
        Assert.Equal(expected is ProviderErrorKind.RateLimited or ProviderErrorKind.ServerError, classified.IsRetryable);
    }

    [Fact]
    public void WhileAwaiting_TaskReportedFailed_IsRetried()
    {
        Assert.True(PaidCalls.WhileAwaiting(Error(ProviderErrorKind.ServerError, status: null)).IsRetryable);
    }

    [Theory]
    [InlineData(ProviderErrorKind.ServerError)]
    [InlineData(ProviderErrorKind.RateLimited)]
    [InlineData(ProviderErrorKind.Timeout)]
    [InlineData(ProviderErrorKind.OutcomeUnknown)]
    public void WhileAwaiting_PollFailed_IsUnknownNotResubmitted(ProviderErrorKind kind)
    {
        Assert.Equal(ProviderErrorKind.OutcomeUnknown, PaidCalls.WhileAwaiting(Error(kind, status: 503)).Error.Kind);
    }

    [Fact]
    public void OfImage_SensitiveContent_IsContentPolicy()
    {
        var failure = new ImageFailure(0, new ProviderError(ProviderErrorKind.PartialFailure, ProviderDialect.Ark, "OutputImageSensitiveContentDetected", "blocked"));

        Assert.Equal(ProviderErrorKind.ContentPolicy, PaidCalls.OfImage(failure).Error.Kind);
    }

    private static ProviderException Error(ProviderErrorKind kind, int? status) =>
        new(new ProviderError(kind, ProviderDialect.Ark, "code", "message", status));
}
