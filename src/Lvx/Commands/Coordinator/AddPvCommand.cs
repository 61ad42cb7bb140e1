using System.CommandLine;
using LvExtend.Admin.V1;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx add-pv --domain UUID --device PATH [--force]</c>: grow a domain's VG by a device (needs the token).</summary>
internal static class AddPvCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var domain = CommonOptions.RequiredUuid("--domain", "The storage domain UUID whose VG grows.");
        var device = new Option<string>("--device")
        {
            Description = "The block device to initialize as a PV and add to the VG.",
            HelpName = "PATH",
            Required = true,
        };
        device.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? string.Empty;
            if (!value.StartsWith('/') || value.Contains(','))
            {
                result.AddError($"--device must be an absolute path without commas, not '{value}'.");
            }
        });
        var force = new Option<bool>("--force")
        {
            Description = "DANGER, DESTROYS DATA: initialize the device even though it carries a signature (a filesystem, a partition "
                + "table, RAID or another PV's label that belongs to no VG), wiping it. Check the device with blkid/lsblk first. "
                + "Never overrides a PV of another VG; the audit trail records the override.",
        };
        var command = new Command("add-pv", "Add a device to a domain's VG on the leader (pvcreate + vgextend), then serve the requests waiting for space (needs the token). "
            + "A device with a signature is refused unless --force.")
        {
            domain, device, force,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var request = new AddPhysicalVolumeRequest
                {
                    Domain = parseResult.GetValue(domain).ToString(),
                    DevicePath = parseResult.GetValue(device)!,
                    Force = parseResult.GetValue(force),
                };
                var response = await client.AddPhysicalVolumeAsync(request, options);
                return new AddPvView(response.Domain, response.VgName, response.DevicePath, response.VgSizeBytes,
                    response.VgFreeBytes, response.WaitingRequests);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(AddPvView view, IAnsiConsole console)
    {
        console.WriteLine(
            $"added {view.DevicePath} to VG {view.VgName} (domain {view.Domain}): size {Formats.MibOf(view.VgSizeBytes)} MiB, " +
            $"free {Formats.MibOf(view.VgFreeBytes)} MiB; {view.WaitingRequests} waiting request(s) being served");
    }
}
