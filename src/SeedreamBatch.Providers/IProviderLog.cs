namespace SeedreamBatch.Providers;

/// <summary>
/// Where adapters report retries, polls and callbacks (one line each). Kept free of any logging library so
/// the CLI can bridge it to Serilog. Lines are redacted before they get here: no key ever reaches a sink.
/// </summary>
public interface IProviderLog
{
    void Write(string message);
}
