using System.CommandLine;
using Grpc.Core;
using Grpc.Net.Client;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary>
/// Runs one Admin call for a command: connects, sends the token, prints the result as a Spectre.Console table or JSON,
/// and turns failures into one line on stderr and an exit code (1 for the call, 2 for the command line).
/// </summary>
internal static class AdminCall
{
    /// <summary>The longest a call may take.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    /// <summary>Runs <paramref name="call"/> and prints its view with <paramref name="writeTable"/> or as JSON.</summary>
    public static async Task<int> RunAsync<TView>(
        ParseResult parseResult,
        CoordinatorConnection connection,
        Func<Admin.AdminClient, CallOptions, Task<TView>> call,
        Action<TView, IAnsiConsole> writeTable,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(writeTable);
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var address = parseResult.GetValue(connection.Address) ?? CoordinatorConnection.DefaultAddress;
        try
        {
            using var channel = GrpcChannel.ForAddress(ParseAddress(address));
            var client = new Admin.AdminClient(channel);
            var headers = new Metadata();
            if (AdminToken.Resolve(parseResult.GetValue(connection.TokenFile)) is { Length: > 0 } token)
            {
                headers.Add("authorization", "Bearer " + token);
            }

            var options = new CallOptions(headers, DateTime.UtcNow + Deadline, cancellationToken);
            var view = await call(client, options);
            if (parseResult.GetValue(connection.Json))
            {
                CliJson.Write(output, view);
            }
            else
            {
                writeTable(view, CliConsole.Create(output));
            }

            return ExitCodes.Success;
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync("lvx: " + ex.Message);
            return ExitCodes.Usage;
        }
        catch (RpcException ex)
        {
            await error.WriteLineAsync(Describe(ex, address));
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("cancelled");
            return ExitCodes.Failure;
        }
    }

    /// <summary>Parses --coordinator: <c>http://host:port</c>, <c>https://...</c> or a bare <c>host:port</c> (http).</summary>
    public static Uri ParseAddress(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var text = address.Contains("://", StringComparison.Ordinal) ? address : "http://" + address;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"--coordinator '{address}' is not an address like {CoordinatorConnection.DefaultAddress}");
        }

        return uri;
    }

    /// <summary>
    /// One line for a failed call: the status code's name in words, then the coordinator's message. A failure
    /// that carries the coordinator's ErrorInfo was answered by the coordinator (never "cannot reach" then,
    /// e.g. a database hiccup after a successful vgextend); a NOT_LEADER failure names the leader from the
    /// ErrorInfo metadata, and, when the leader advertises an admin address, says where it is and how to send
    /// the command there. lvx never sends it there by itself: only the mutating calls (extend, add-pv, policy set)
    /// are answered NOT_LEADER, the read-only ones are answered by every instance, and a change of storage goes
    /// where the operator points it.
    /// </summary>
    public static string Describe(RpcException exception, string address)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = StatusName(exception.StatusCode);
        var detail = exception.Status.Detail;
        if (AdminErrorInfo.Read(exception) is { } info)
        {
            var answered = $"the coordinator at {address} answered: {detail}";
            return info switch
            {
                { Reason: "NOT_LEADER", LeaderAddress: { } leaderAddress } when !IsSameAddress(leaderAddress, address) =>
                    $"{code}: not the leader; the leader is at {Display(leaderAddress)} (epoch {info.LeaderEpoch}"
                    + (info.Leader is { } name ? $", instance {name}" : string.Empty)
                    + $"): run the command again with --coordinator {Display(leaderAddress)} ({answered})",
                { Reason: "NOT_LEADER", Leader: { } leader } =>
                    $"{code}: {answered} (send it to the leader, {leader}, epoch {info.LeaderEpoch})",
                _ => $"{code}: {answered}",
            };
        }

        return exception.StatusCode switch
        {
            StatusCode.Unavailable => $"{code}: cannot reach the coordinator at {address}: {detail}",
            StatusCode.DeadlineExceeded => $"{code}: no answer from the coordinator at {address} within {Deadline.TotalMinutes:0} min",
            _ => string.IsNullOrEmpty(detail) ? code : $"{code}: {detail}",
        };
    }

    /// <summary>Whether the leader's address is the one just called (then going there again is no redirection).</summary>
    private static bool IsSameAddress(Uri leader, string called)
    {
        var text = called.Contains("://", StringComparison.Ordinal) ? called : "http://" + called;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && Uri.Compare(leader, uri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
    }

    /// <summary>An address as the operator types it: <c>scheme://host:port</c>, no trailing slash.</summary>
    private static string Display(Uri address) => address.GetLeftPart(UriPartial.Authority);

    /// <summary>A status code in lower-case words: PermissionDenied -> "permission denied".</summary>
    public static string StatusName(StatusCode code)
    {
        var name = code.ToString();
        var builder = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append(' ');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
