using LvExtend.Lvm;

namespace Hsm.Agent.Activation;

/// <summary>Turns a command's <see cref="CommandResult"/> into the activation contract: success, or a <see cref="VolumeActivationException"/>.</summary>
internal static class CommandOutcome
{
    /// <summary>
    /// Returns when <paramref name="result"/> succeeded. A cancelled command rethrows the cancellation; a missing
    /// device-mapper throws <see cref="DeviceMapperUnavailableException"/>; any other failure throws
    /// <see cref="VolumeActivationException"/> naming <paramref name="commandLine"/>.
    /// </summary>
    public static void EnsureSucceeded(CommandResult result, string commandLine, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            return;
        }

        if (result.Cancelled)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        if (DeviceMapper.IsMissingIn(result))
        {
            throw new DeviceMapperUnavailableException(commandLine, result.Describe());
        }

        throw new VolumeActivationException(result.TimedOut
            ? $"{commandLine} did not finish within {result.Duration.TotalSeconds:0.#} s and was killed"
            : $"{commandLine} failed: {result.Describe()}");
    }

    /// <summary>
    /// Throws a <see cref="VolumeActivationException"/> naming the setting unless <paramref name="devices"/> can restrict
    /// lvm (<c>--devices</c>): an empty list is an error, never silently dropped.
    /// </summary>
    public static void EnsureDevices(IReadOnlyList<string> devices)
    {
        try
        {
            _ = LvmCommandLine.DevicesArgument(devices);
        }
        catch (ArgumentException ex)
        {
            throw new VolumeActivationException($"{ex.Message} Set Agent:Activation:Devices to the pool's PVs.", ex);
        }
    }
}
