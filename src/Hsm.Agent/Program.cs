using Hsm.Agent.Hosting;

if (ActivationCli.Handles(args))
{
    return await ActivationCli.RunAsync(args);
}

var app = AgentApplication.Build(args);
await app.RunAsync();
return 0;
