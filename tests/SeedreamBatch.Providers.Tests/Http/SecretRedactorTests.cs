using SeedreamBatch.Providers.Http;

namespace SeedreamBatch.Providers.Tests.Http;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("invalid token sk-abcdef123456 given", "invalid token *** given")]
    [InlineData("Authorization: Bearer other-token-999", "Authorization: Bearer ***")]
    [InlineData("nothing secret here", "nothing secret here")]
    public void Redact_KeyOrBearerToken_Masked(string text, string expected)
    {
        Assert.Equal(expected, new SecretRedactor("sk-abcdef123456").Redact(text));
    }
}
