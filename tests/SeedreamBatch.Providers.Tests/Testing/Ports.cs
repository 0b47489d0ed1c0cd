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

    /// <summary>
    /// Builds something that listens on a free port, trying another port if a parallel test (a simulator on an
    /// ephemeral port) took the one found in the meantime.
    /// </summary>
    public static T WithFreePort<T>(Func<int, T> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return create(Free());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }
}
