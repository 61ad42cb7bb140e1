using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Hosting;
using Spm.Coordinator.Options;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

// appsettings.json < /etc/lvextend/coordinator.json < environment < command line.
builder.Configuration.AddJsonFile("/etc/lvextend/coordinator.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

builder.Host.UseSystemd();
if (!SystemdHelpers.IsSystemdService())
{
    // Under systemd, UseSystemd's journal format applies (priority prefixes, no colours, journald's timestamps).
    builder.Logging.AddSimpleConsole(o =>
    {
        o.SingleLine = true;
        o.TimestampFormat = "HH:mm:ss.fff ";
    });
}

var section = builder.Configuration.GetSection(CoordinatorOptions.SectionName);
var listen = section["Listen"] ?? new CoordinatorOptions().Listen;
var metricsListen = section["Telemetry:MetricsListen"] ?? new TelemetryOptions().MetricsListen;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // Invalid addresses are reported by the options validation at start; skip them here.
    if (ListenAddress.TryParse(listen, out var grpc, out _))
    {
        kestrel.Listen(grpc, o => o.Protocols = HttpProtocols.Http2);
    }

    if (!string.IsNullOrEmpty(metricsListen) && ListenAddress.TryParse(metricsListen, out var metrics, out _))
    {
        kestrel.Listen(metrics, o => o.Protocols = HttpProtocols.Http1);
    }
});

builder.Services.AddCoordinatorCore(builder.Configuration);
builder.Services.AddCoordinatorTelemetry(builder.Configuration);
builder.Services.AddCoordinatorGrpc(builder.Configuration);

var app = builder.Build();
app.MapCoordinatorGrpc();
if (!string.IsNullOrEmpty(metricsListen) && ListenAddress.TryParse(metricsListen, out var scrape, out _))
{
    var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
    if (scrape.Port != 0)
    {
        // Only on the metrics listener (a random port, used by tests, cannot be named here).
        endpoint.RequireHost($"*:{scrape.Port}");
    }
}

try
{
    await app.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // Configuration errors: one line per setting to fix, and an exit code systemd shows (no restart storm of stack traces).
    foreach (var failure in ex.Failures)
    {
        await Console.Error.WriteLineAsync("configuration error: " + failure);
    }

    return 2;
}
