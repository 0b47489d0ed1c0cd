using SeedreamBatch.Providers;
using Serilog;

namespace SeedreamBatch.Cli.Run;

/// <summary>Adapter lines (retries, polls) into the run's log; they arrive already redacted.</summary>
internal sealed class SerilogProviderLog(ILogger logger) : IProviderLog
{
    public void Write(string message) => logger.Information("{ProviderMessage}", message);
}
