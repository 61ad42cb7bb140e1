using System.Net;
using Hsm.Agent.Grpc;
using Hsm.Agent.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hsm.Agent.Hosting;

/// <summary>Builds the agent's web application (Kestrel HTTP/2 for gRPC, HTTP/1.1 for /metrics, systemd).</summary>
internal static class AgentApplication
{
    /// <summary>The host's configuration file, read after appsettings.json.</summary>
    public const string ConfigFile = "/etc/lvextend/agent.json";

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
        builder.Configuration.AddJsonFile(ConfigFile, optional: true, reloadOnChange: WatchesConfigFile(ConfigFile));
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

    /// <summary>
    /// Whether <paramref name="path"/> is watched for live reloads: only when its directory exists (the package
    /// installs it). For a missing directory the file provider would watch the nearest existing parent, /etc, with
    /// every subdirectory (one inotify watch each): every change under /etc (lvm's metadata backups, other
    /// packages) woke the idle agent. Without the directory the file is read at start only.
    /// </summary>
    public static bool WatchesConfigFile(string path) => Path.GetDirectoryName(path) is { Length: > 0 } directory && Directory.Exists(directory);

    private static IPEndPoint ToEndPoint(string url)
    {
        var uri = new Uri(url);
        var address = uri.Host is "localhost" ? IPAddress.Loopback
            : uri.Host is "*" or "+" or "0.0.0.0" ? IPAddress.Any
            : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return new IPEndPoint(address, uri.Port);
    }
}
