using Dapper;

namespace Spm.Coordinator.Store;

/// <summary>Dapper parameters for a fenced statement: the fence's plus the statement's own.</summary>
internal static class FencedParameters
{
    public static DynamicParameters Create(LeaseFence fence, object? values = null)
    {
        ArgumentNullException.ThrowIfNull(fence);
        var parameters = new DynamicParameters(values);
        parameters.Add("PoolId", fence.PoolId);
        parameters.Add("Holder", fence.Holder);
        parameters.Add("Epoch", fence.Epoch);
        return parameters;
    }
}
