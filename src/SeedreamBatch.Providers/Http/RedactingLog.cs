namespace SeedreamBatch.Providers.Http;

/// <summary>The log adapters actually write to: every line passes the redactor first.</summary>
internal sealed class RedactingLog(IProviderLog? inner, SecretRedactor redactor)
{
    public void Write(string message) => inner?.Write(redactor.Redact(message));
}
