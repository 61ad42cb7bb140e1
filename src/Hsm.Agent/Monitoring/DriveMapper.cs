using Hsm.Agent.Options;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Monitoring;

/// <summary>
/// Maps a drive's device path <c>&lt;DeviceRoot&gt;/&lt;vg&gt;/&lt;lv&gt;</c> to its volume: the domain is
/// <c>Agent:Domains[vg]</c> or the VG name parsed as a UUID (as vdsm names VGs), the volume is the LV name
/// parsed as a UUID.
/// </summary>
internal sealed class DriveMapper(IOptions<AgentOptions> options)
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.DeviceRoot));
    private readonly Dictionary<string, Guid> _domains = new(options.Value.Domains, StringComparer.Ordinal);

    /// <summary>The volume behind <paramref name="path"/>, or null when the path is not a pool volume.</summary>
    public VolumeIdentity? TryMap(string path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathRooted(path))
        {
            return null;
        }

        var relative = Path.GetRelativePath(_root, Path.GetFullPath(path));
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return null;
        }

        var parts = relative.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return null;
        }

        var (vg, lv) = (parts[0], parts[1]);
        if (!_domains.TryGetValue(vg, out var domain) && !Guid.TryParse(vg, out domain))
        {
            return null;
        }

        return Guid.TryParse(lv, out var volume) ? new VolumeIdentity(vg, lv, domain, volume) : null;
    }
}
