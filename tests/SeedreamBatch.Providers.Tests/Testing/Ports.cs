using System.Net;
using System.Net.Sockets;

namespace SeedreamBatch.Providers.Tests.Testing;

internal static class Ports
{
    /// <summary>A loopback port free right now (HttpListener cannot bind port 0).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
