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
    /// ErrorInfo metadata.
    /// </summary>
    public static string Describe(RpcException exception, string address)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = StatusName(exception.StatusCode);
        var detail = exception.Status.Detail;
        if (AdminErrorInfo.Read(exception) is { } info)
        {
            var answered = $"{code}: the coordinator at {address} answered: {detail}";
            return info is { Reason: "NOT_LEADER", Leader: { } leader }
                ? $"{answered} (send it to the leader, {leader}, epoch {info.LeaderEpoch})"
                : answered;
        }

        return exception.StatusCode switch
        {
            StatusCode.Unavailable => $"{code}: cannot reach the coordinator at {address}: {detail}",
            StatusCode.DeadlineExceeded => $"{code}: no answer from the coordinator at {address} within {Deadline.TotalMinutes:0} min",
            _ => string.IsNullOrEmpty(detail) ? code : $"{code}: {detail}",
        };
    }

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
