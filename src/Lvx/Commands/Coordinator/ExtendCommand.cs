using System.CommandLine;
using LvExtend.Admin.V1;
using Lvx.Rendering;
using Spectre.Console;

namespace Lvx.Commands.Coordinator;

/// <summary><c>lvx extend --domain UUID --volume UUID --size-mib N</c>: an admin extension (needs the token).</summary>
internal static class ExtendCommand
{
    public static Command Create()
    {
        var connection = new CoordinatorConnection();
        var domain = CommonOptions.RequiredUuid("--domain", "The storage domain UUID.");
        var volume = CommonOptions.RequiredUuid("--volume", "The volume UUID (the LV).");
        var size = new Option<long>("--size-mib")
        {
            Description = "The LV's new size in MiB (at or below the current size: success without change).",
            HelpName = "N",
            Required = true,
        };
        size.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<long>();
            if (value is < 1 or > uint.MaxValue)
            {
                result.AddError($"--size-mib must be within 1..{uint.MaxValue}, not {value}.");
            }
        });
        var command = new Command("extend", "Extend a volume to a size on the leader, with the same validation and cap as a host request (needs the token).")
        {
            domain, volume, size,
        };
        connection.AddTo(command);
        command.SetAction((parseResult, cancellationToken) => AdminCall.RunAsync(
            parseResult,
            connection,
            async (client, options) =>
            {
                var request = new ExtendVolumeRequest
                {
                    Domain = parseResult.GetValue(domain).ToString(),
                    Volume = parseResult.GetValue(volume).ToString(),
                    SizeMib = parseResult.GetValue(size),
                };
                var response = await client.ExtendVolumeAsync(request, options);
                return new ExtendView(
                    request.Domain,
                    request.Volume,
                    request.SizeMib,
                    response.HasRequestId ? response.RequestId : null,
                    Formats.StateName(response.State),
                    Formats.NullIfEmpty(response.Reason),
                    response.HasSizeBeforeBytes ? response.SizeBeforeBytes : null,
                    response.HasSizeAfterBytes ? response.SizeAfterBytes : null);
            },
            Write,
            cancellationToken));
        return command;
    }

    private static void Write(ExtendView view, IAnsiConsole console)
    {
        var sizes = $"{Formats.MibOf(view.SizeBeforeBytes)} MiB -> {Formats.MibOf(view.SizeAfterBytes)} MiB";
        var note = view.Reason is null ? string.Empty : $" ({view.Reason})";
        var request = view.RequestId is { } id ? $", request {id}" : string.Empty;
        console.Write(new Text(view.State, CliTable.StateStyle(view.State)));
        console.WriteLine($": volume {view.Volume} of domain {view.Domain}: {sizes}{note}{request}");
    }
}
