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

var app = AgentApplication.Build(args);
await app.RunAsync();
return 0;
