using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Spm.Coordinator.Hosting;

namespace Spm.Coordinator.Options;

/// <summary>
/// The admin address an instance advertises (<see cref="CoordinatorOptions.AdvertiseAddress"/>): the rules for a
/// configured value and the default derived from <see cref="CoordinatorOptions.Listen"/>.
/// </summary>
internal static class AdvertisedAddress
{
    /// <summary>The longest accepted address.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Checks a configured address: an absolute <c>http</c> or <c>https</c> URI with a host, without user
    /// information, path, query or fragment. <paramref name="normalized"/> is <c>scheme://host[:port]</c>.
    /// </summary>
    public static bool TryNormalize(string? value, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "it is empty";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"it is longer than {MaxLength} characters";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = "it must be an absolute http:// or https:// URI, e.g. http://spm-host-3.example.internal:7411";
            return false;
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            error = "it needs a host";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = "it must be scheme://HOST:PORT only (no user, path, query or fragment)";
            return false;
        }

        if (uri.Host is "0.0.0.0" or "[::]" or "*" or "+")
        {
            error = "a wildcard address cannot be reached: name this machine's host name or IP address";
            return false;
        }

        normalized = uri.GetLeftPart(UriPartial.Authority);
        error = null;
        return true;
    }

    /// <summary>
    /// The address derived from a listen address: <c>http://IP:PORT</c> when it names one concrete IP address that
    /// other machines can reach, with a fixed port. A wildcard (<c>0.0.0.0</c>, <c>*</c>) does not say which of the
    /// machine's addresses to use, a loopback address is this machine only (a client elsewhere would reach itself),
    /// port 0 is chosen at bind time: null for those.
    /// </summary>
    public static string? FromListen(string? listen)
    {
        if (!ListenAddress.TryParse(listen, out var endpoint, out _) || endpoint.Port == 0
            || IPAddress.IsLoopback(endpoint.Address)
            || endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any))
        {
            return null;
        }

        var host = endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{endpoint.Port}");
    }
}
