using System.Net.Sockets;
using Npgsql;

namespace Spm.Coordinator.Store;

/// <summary>Which store failures are transient (retry later) rather than bugs.</summary>
internal static class StoreErrors
{
    /// <summary>
    /// Database unreachable, connection lost, timeouts, serialization conflicts; not a cancellation
    /// the caller asked for.
    /// </summary>
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken = default) => exception switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        PostgresException pg => pg.IsTransient
            || pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow,
        NpgsqlException => true,
        TimeoutException or SocketException or IOException => true,
        _ => false,
    };
}
