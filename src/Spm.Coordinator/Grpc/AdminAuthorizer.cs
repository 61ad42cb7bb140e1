using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Spm.Coordinator.Grpc;

/// <summary>
/// Decides whether an Admin call may run. Mutating calls need the configured bearer token (always denied
/// when none is configured); read-only calls are open to loopback clients and need the token from any
/// other address. Tokens are compared in constant time.
/// </summary>
internal sealed class AdminAuthorizer
{
    private const string BearerScheme = "Bearer ";

    private readonly byte[]? _tokenHash;

    public AdminAuthorizer(IOptions<AdminApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var token = options.Value.Token;
        _tokenHash = string.IsNullOrEmpty(token) ? null : Hash(token);
    }

    /// <summary>True when a token is configured (mutating calls are possible at all).</summary>
    public bool HasToken => _tokenHash is not null;

    /// <summary>Decides one call.</summary>
    /// <param name="kind">Whether the call reads or mutates.</param>
    /// <param name="authorization">The call's <c>authorization</c> metadata value, if any.</param>
    /// <param name="remoteAddress">The client's address; null for in-process or Unix-socket clients (treated as local).</param>
    public AdminAccessDecision Authorize(AdminCallKind kind, string? authorization, IPAddress? remoteAddress)
    {
        var local = IsLocal(remoteAddress);
        if (kind == AdminCallKind.Read && local)
        {
            return AdminAccessDecision.Allow;
        }

        var what = kind == AdminCallKind.Mutation
            ? "mutating calls"
            : $"read-only calls from a non-loopback address ({remoteAddress})";
        if (_tokenHash is null)
        {
            return AdminAccessDecision.Deny(
                $"{what} are disabled: no admin token is configured on the coordinator (set {AdminApiOptions.SectionName}:Token)");
        }

        if (!TryGetBearerToken(authorization, out var presented))
        {
            return AdminAccessDecision.Deny(
                $"{what} need the admin token: send 'authorization: Bearer <token>' (LVX_TOKEN or lvx --token-file)");
        }

        return TokenMatches(presented, _tokenHash)
            ? AdminAccessDecision.Allow
            : AdminAccessDecision.Deny("the admin token is not valid");
    }

    /// <summary>True for loopback addresses (IPv4, IPv6 and IPv4-mapped IPv6) and for a missing address.</summary>
    public static bool IsLocal(IPAddress? address)
    {
        if (address is null)
        {
            return true;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address);
    }

    /// <summary>Extracts the token of an <c>authorization: Bearer &lt;token&gt;</c> value (scheme case-insensitive).</summary>
    public static bool TryGetBearerToken(string? authorization, out string token)
    {
        token = string.Empty;
        if (authorization is null || !authorization.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = authorization[BearerScheme.Length..].Trim();
        return token.Length > 0;
    }

    /// <summary>Compares a presented token with the expected token's hash in constant time.</summary>
    public static bool TokenMatches(string presented, byte[] expectedHash)
    {
        ArgumentNullException.ThrowIfNull(presented);
        ArgumentNullException.ThrowIfNull(expectedHash);

        // Hashing first makes the comparison independent of the tokens' lengths as well as their contents.
        return CryptographicOperations.FixedTimeEquals(Hash(presented), expectedHash);
    }

    /// <summary>The SHA-256 of a token's UTF-8 bytes.</summary>
    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
