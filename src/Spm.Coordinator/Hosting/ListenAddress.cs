using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;

namespace Spm.Coordinator.Hosting;

/// <summary>Parses a listen address <c>http://HOST:PORT</c> (HOST: an IP, <c>localhost</c>, <c>*</c>) into an endpoint.</summary>
internal static class ListenAddress
{
    public static bool TryParse(string? value, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "it is empty";
            return false;
        }

        var text = value.Trim();
        if (!text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            error = "only http://HOST:PORT is supported (cleartext; put TLS in front, or use a unix socket proxy)";
            return false;
        }

        var rest = text["http://".Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            error = "it needs a port (http://HOST:PORT)";
            return false;
        }

        var host = rest[..colon].Trim('[', ']');
        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = "the port must be a number within 0..65535";
            return false;
        }

        IPAddress? address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "+" => IPAddress.IPv6Any,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
        };
        if (address is null)
        {
            error = $"'{host}' is not an IP address, localhost or *";
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        error = null;
        return true;
    }

    /// <summary>Why <paramref name="endpoint"/> cannot be bound now (e.g. another process listens there), or null.</summary>
    public static string? InUse(IPEndPoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        using var socket = new System.Net.Sockets.Socket(endpoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(endpoint);
            return null;
        }
        catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode is System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            return ex.Message;
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Other bind problems (e.g. an address not on this machine) are Kestrel's to report.
            return null;
        }
    }

    public static IPEndPoint Parse(string value) =>
        TryParse(value, out var endpoint, out var error) ? endpoint : throw new FormatException($"Listen address '{value}': {error}");
}
