namespace Spm.Coordinator.Grpc;

/// <summary>Classifies the Admin service's methods as reads or mutations.</summary>
internal static class AdminMethods
{
    /// <summary>The fully qualified service name, as in gRPC method paths.</summary>
    public const string ServiceName = "lvextend.admin.v1.Admin";

    private const string MethodPrefix = "/" + ServiceName + "/";

    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal)
    {
        "GetStatus",
        "ListHosts",
        "ListRequests",
        "GetHistory",
        "GetPolicy",
    };

    /// <summary>
    /// Classifies a gRPC method path (<c>/lvextend.admin.v1.Admin/GetStatus</c>). Only the known read-only
    /// methods are reads; anything else (ExtendVolume, AddPhysicalVolume, SetPolicy, a method added later,
    /// another service) counts as a mutation: fail closed.
    /// </summary>
    public static AdminCallKind Classify(string methodPath)
    {
        ArgumentNullException.ThrowIfNull(methodPath);
        return methodPath.StartsWith(MethodPrefix, StringComparison.Ordinal) && Reads.Contains(methodPath[MethodPrefix.Length..])
            ? AdminCallKind.Read
            : AdminCallKind.Mutation;
    }
}
