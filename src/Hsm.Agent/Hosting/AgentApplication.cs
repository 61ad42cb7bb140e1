using System.Net;
using Hsm.Agent.Grpc;
using Hsm.Agent.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hsm.Agent.Hosting;

/// <summary>Builds the agent's web application (Kestrel HTTP/2 for gRPC, HTTP/1.1 for /metrics, systemd).</summary>
internal static class AgentApplication
{
    /// <summary>
    /// Builds the app; <paramref name="configure"/> runs first on the builder (tests add configuration and
    /// logging there); <paramref name="contentRoot"/> is where appsettings.json is read (default: the
    /// executable's directory).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, string? contentRoot = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot ?? AppContext.BaseDirectory,
        });
        builder.Configuration.AddJsonFile("/etc/lvextend/agent.json", optional: true, reloadOnChange: true);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddCommandLine(args);
        configure?.Invoke(builder);
        builder.Host.UseSystemd();
        builder.Services.AddHsmAgent(builder.Configuration);
        var agent = builder.Configuration.GetSection(AgentOptions.SectionName).Get<AgentOptions>() ?? new AgentOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ToEndPoint(agent.ListenUrl), listen => listen.Protocols = HttpProtocols.Http2);
            if (!string.IsNullOrEmpty(agent.MetricsListenUrl))
            {
                kestrel.Listen(ToEndPoint(agent.MetricsListenUrl), listen => listen.Protocols = HttpProtocols.Http1);
            }
        });

        var app = builder.Build();
        app.MapGrpcService<AgentStatusService>();
        app.MapGrpcHealthChecksService();
        app.MapPrometheusScrapingEndpoint();
        return app;
    }

    private static IPEndPoint ToEndPoint(string url)
    {
        var uri = new Uri(url);
        var address = uri.Host is "localhost" ? IPAddress.Loopback
            : uri.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any
            : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return new IPEndPoint(address, uri.Port);
    }
}
