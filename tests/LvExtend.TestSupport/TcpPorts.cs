using System.Net;
using System.Net.Sockets;

namespace LvExtend.TestSupport;

/// <summary>Free TCP ports for the daemons a test starts.</summary>
public static class TcpPorts
{
    /// <summary>A port that was free on <paramref name="address"/> (default loopback) a moment ago.</summary>
    public static int NextFree(IPAddress? address = null)
    {
        using var listener = new TcpListener(address ?? IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
