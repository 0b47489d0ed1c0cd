using SeedreamBatch.Core.Models;
using SeedreamBatch.Engine.Adapters;
using SeedreamBatch.Engine.Ports;
using SeedreamBatch.Providers;

namespace SeedreamBatch.Engine.Tests.Adapters;

public sealed class ProviderErrorMappingTests
{
    [Theory]
    [InlineData(ProviderErrorKind.RateLimited, GenerationErrorKind.RateLimited)]
    [InlineData(ProviderErrorKind.ServerError, GenerationErrorKind.Transient)]
    [InlineData(ProviderErrorKind.Timeout, GenerationErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.Transport, GenerationErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.OutcomeUnknown, GenerationErrorKind.OutcomeUnknown)]
    [InlineData(ProviderErrorKind.ContentPolicy, GenerationErrorKind.ContentPolicy)]
    [InlineData(ProviderErrorKind.AccountProblem, GenerationErrorKind.Account)]
    [InlineData(ProviderErrorKind.Authentication, GenerationErrorKind.Authentication)]
    [InlineData(ProviderErrorKind.NotFound, GenerationErrorKind.InvalidRequest)]
    [InlineData(ProviderErrorKind.InvalidRequest, GenerationErrorKind.InvalidRequest)]
    public void OnSubmit_EachKind_MapsSoNothingSentIsResent(ProviderErrorKind kind, GenerationErrorKind expected)
    {
        var mapped = ProviderErrorMapping.OnSubmit(Error(kind, status: 500));

        Assert.Equal(expected, mapped.Kind);
        Assert.Equal("code", mapped.ProviderCode);
    }

    [Fact]
    public void OnAwait_TaskReportedFailed_IsRetried()
    {
        Assert.Equal(GenerationErrorKind.Transient, ProviderErrorMapping.OnAwait(Error(ProviderErrorKind.ServerError, status: null)).Kind);
    }

    [Theory]
    [InlineData(ProviderErrorKind.ServerError)]
    [InlineData(ProviderErrorKind.RateLimited)]
    [InlineData(ProviderErrorKind.Timeout)]
    [InlineData(ProviderErrorKind.OutcomeUnknown)]
    public void OnAwait_PollFailed_IsUnknownNotResubmitted(ProviderErrorKind kind)
    {
        Assert.Equal(GenerationErrorKind.OutcomeUnknown, ProviderErrorMapping.OnAwait(Error(kind, status: 503)).Kind);
    }

    [Fact]
    public void AllImagesFailed_SensitiveContent_IsContentPolicy()
    {
        var failure = new ImageFailure(0, new ProviderError(ProviderErrorKind.PartialFailure, ProviderDialect.Ark, "OutputImageSensitiveContentDetected", "blocked"));

        var mapped = ProviderErrorMapping.AllImagesFailed([failure]);

        Assert.Equal(GenerationErrorKind.ContentPolicy, mapped.Kind);
        Assert.False(mapped.IsRetryable);
    }

    private static ProviderException Error(ProviderErrorKind kind, int? status) =>
        new(new ProviderError(kind, ProviderDialect.Ark, "code", "message", status));
}
