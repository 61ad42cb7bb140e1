namespace Spm.Coordinator.Grpc;

/// <summary>Who may call the admin gRPC API (section <c>Coordinator:Admin</c>).</summary>
internal sealed class AdminApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Coordinator:Admin";

    /// <summary>The smallest accepted token length.</summary>
    public const int MinimumTokenLength = 16;

    /// <summary>
    /// The bearer token that mutating calls (ExtendVolume, AddPhysicalVolume, SetPolicy), and read-only
    /// calls from non-loopback addresses, must present as <c>authorization: Bearer &lt;token&gt;</c>.
    /// At least 16 characters, no white space. Unset (the default): mutating calls are always denied.
    /// </summary>
    public string? Token { get; set; }
}
