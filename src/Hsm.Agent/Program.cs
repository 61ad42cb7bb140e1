using Hsm.Agent.Hosting;

if (ActivationCli.Handles(args))
{
    return await ActivationCli.RunAsync(args);
}

// --check-config: the start's options validation, then the mailbox devices, lvm and the VM source; nothing is started.
if (ConfigurationCheck.Requested(args, out var remaining))
{
    return await ConfigurationCheck.RunAsync(remaining);
}

// A bad configuration stops the start with one line per setting and exit code 2, never a stack trace.
WebApplication app;
try
{
    app = AgentApplication.Build(args);
}
catch (InvalidOperationException ex)
{
    await Console.Error.WriteLineAsync("configuration error: " + ex.Message);
    return 2;
}

await using (app)
{
    var failures = ConfigurationCheck.Validate(app.Services);
    if (failures.Count > 0)
    {
        foreach (var failure in failures)
        {
            await Console.Error.WriteLineAsync("configuration error: " + failure);
        }

        return 2;
    }

    await app.RunAsync();
}

return 0;
