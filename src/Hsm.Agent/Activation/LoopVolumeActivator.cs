using Hsm.Agent.Options;
using LvExtend.Lvm;
using Microsoft.Extensions.Options;

namespace Hsm.Agent.Activation;

/// <summary>
/// Backend for hosts without device-mapper: an active LV is a loop device over a sparse backing file
/// <c>&lt;dir&gt;/&lt;vg&gt;/&lt;lv&gt;.img</c>, exposed as the symlink <c>&lt;root&gt;/&lt;vg&gt;/&lt;lv&gt;</c>. The size comes from the
/// real LVM metadata (<c>lvs --driverloaded n --devices &lt;pool PVs&gt;</c>); a refresh grows the backing file
/// and sets the loop capacity. Stateless: the symlink and <c>/sys/block/loopN/loop/backing_file</c> are the
/// state, so it recovers after a restart and every operation is idempotent.
/// </summary>
internal sealed partial class LoopVolumeActivator : IVolumeActivator, IDisposable
{
    private readonly ActivationOptions _options;
    private readonly string _deviceRoot;
    private readonly ICommandRunner _runner;
    private readonly LvmTool _lvm;
    private readonly ILogger<LoopVolumeActivator> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public LoopVolumeActivator(IOptions<ActivationOptions> options, IOptions<AgentOptions> agent, ICommandRunner runner, ILogger<LoopVolumeActivator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(agent);
        _options = options.Value;
        _deviceRoot = agent.Value.DeviceRoot;
        _runner = runner;
        _lvm = new LvmTool(runner, new LvmToolOptions { Binary = _options.LvmCommand, ReportTimeout = _options.CommandTimeout });
        _logger = logger;
    }

    public async Task<string> ActivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        var lvSize = await GetLvSizeAsync(volumeGroup, logicalVolume, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var backing = BackingPath(volumeGroup, logicalVolume);
            Directory.CreateDirectory(Path.GetDirectoryName(backing)!);
            GrowBackingFile(backing, lvSize);
            var loop = ResolveLoop(volumeGroup, logicalVolume) ?? LoopDevices.FindByBackingFile(backing);
            if (loop is null)
            {
                var result = await _runner.RunAsync("losetup", ["--find", "--show", backing], _options.CommandTimeout, cancellationToken);
                CommandOutcome.EnsureSucceeded(result, $"losetup --find --show {backing}", cancellationToken);

                loop = result.StandardOutput.Trim();
                Log.Attached(_logger, volumeGroup, logicalVolume, loop, lvSize);
            }

            if (BlockDevice.GetSize(loop) < lvSize)
            {
                BlockDevice.SetLoopCapacity(loop);
            }

            var link = LinkPath(volumeGroup, logicalVolume);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            if (!string.Equals(ReadLink(link), loop, StringComparison.Ordinal))
            {
                var temporary = $"{link}.{Environment.ProcessId}.tmp";
                File.Delete(temporary);
                File.CreateSymbolicLink(temporary, loop);
                File.Move(temporary, link, overwrite: true);
            }

            return link;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> RefreshAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        var lvSize = await GetLvSizeAsync(volumeGroup, logicalVolume, cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var loop = ResolveLoop(volumeGroup, logicalVolume)
                ?? throw new VolumeActivationException($"{volumeGroup}/{logicalVolume} is not active (no loop device behind {LinkPath(volumeGroup, logicalVolume)})");
            GrowBackingFile(BackingPath(volumeGroup, logicalVolume), lvSize);
            if (BlockDevice.GetSize(loop) < lvSize)
            {
                BlockDevice.SetLoopCapacity(loop);
            }

            var size = BlockDevice.GetSize(loop);
            Log.Refreshed(_logger, volumeGroup, logicalVolume, loop, size);
            return size;
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task<long> GetSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        var loop = ResolveLoop(volumeGroup, logicalVolume)
            ?? throw new VolumeActivationException($"{volumeGroup}/{logicalVolume} is not active (no loop device behind {LinkPath(volumeGroup, logicalVolume)})");
        return Task.FromResult(BlockDevice.GetSize(loop));
    }

    public async Task DeactivateAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var loop = ResolveLoop(volumeGroup, logicalVolume) ?? LoopDevices.FindByBackingFile(BackingPath(volumeGroup, logicalVolume));
            if (loop is not null)
            {
                var result = await _runner.RunAsync("losetup", ["--detach", loop], _options.CommandTimeout, cancellationToken);
                if (LoopDevices.BackingFileOf(loop) is not null)
                {
                    CommandOutcome.EnsureSucceeded(result, $"losetup --detach {loop}", cancellationToken);
                }

                Log.Detached(_logger, volumeGroup, logicalVolume, loop);
            }

            File.Delete(LinkPath(volumeGroup, logicalVolume));
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The sparse file holding the LV's data.</summary>
    public string BackingPath(string volumeGroup, string logicalVolume) =>
        Path.Combine(_options.LoopBackingDirectory, volumeGroup, logicalVolume + ".img");

    /// <summary>The device path qemu opens.</summary>
    public string LinkPath(string volumeGroup, string logicalVolume) => Path.Combine(_deviceRoot, volumeGroup, logicalVolume);

    /// <summary>The LV size from the LVM metadata on the pool's PVs.</summary>
    public async Task<long> GetLvSizeAsync(string volumeGroup, string logicalVolume, CancellationToken cancellationToken)
    {
        CommandOutcome.EnsureDevices(_options.Devices);
        var lv = await _lvm.GetLvAsync(volumeGroup, logicalVolume, _options.Devices, cancellationToken);
        if (lv.Succeeded)
        {
            return lv.Value!.SizeBytes;
        }

        if (lv.Command is { Succeeded: false } failed)
        {
            CommandOutcome.EnsureSucceeded(failed, $"lvs {volumeGroup}/{logicalVolume}", cancellationToken);
        }

        throw new VolumeActivationException($"LV {volumeGroup}/{logicalVolume} not found in the LVM metadata: {lv.Error}");
    }

    private string? ResolveLoop(string volumeGroup, string logicalVolume)
    {
        var loop = ReadLink(LinkPath(volumeGroup, logicalVolume));
        if (loop is null)
        {
            return null;
        }

        var backing = LoopDevices.BackingFileOf(loop);
        return string.Equals(backing, BackingPath(volumeGroup, logicalVolume), StringComparison.Ordinal) ? loop : null;
    }

    private static string? ReadLink(string path)
    {
        var info = new FileInfo(path);
        return info.LinkTarget;
    }

    private static void GrowBackingFile(string path, long size)
    {
        using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (stream.Length < size)
        {
            stream.SetLength(size);
        }
    }
}
