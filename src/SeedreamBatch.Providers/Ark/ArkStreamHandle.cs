using SeedreamBatch.Core.Models;

namespace SeedreamBatch.Providers.Ark;

/// <summary>An open Ark event stream: headers have arrived, images are still to come.</summary>
internal sealed class ArkStreamHandle(GenerationRequest request, string jobKey, HttpResponseMessage response, Stream stream)
    : ProviderHandle(request, jobKey, null)
{
    public Stream Stream { get; } = stream;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stream.Dispose();
            response.Dispose();
        }
    }
}
