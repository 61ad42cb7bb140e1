using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;
using Spm.Coordinator.Hosting;
using Spm.Coordinator.Options;

// --check-config: the same validation as a start, then the database, the mailbox devices and lvm; nothing is started.
var checkConfig = ConfigurationCheck.Requested(args, out args);
var errorPrefix = checkConfig ? "problem: " : "configuration error: ";

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

// appsettings.json < /etc/lvextend/coordinator.json < environment < command line.
builder.Configuration.AddJsonFile("/etc/lvextend/coordinator.json", optional: true, reloadOnChange: false);
builder.Configuration.AddEnvironmentVariables();
builder.Configuration.AddCommandLine(args);

// Values that cannot even be bound (a duration "5x", a DomainId that is no UUID, a malformed connection
// string): one line each, naming the key as written, exit 2 (never a stack trace).
var preflight = ConfigurationPreflight.Check(builder.Configuration);
if (preflight.Count > 0)
{
    foreach (var problem in preflight)
    {
        await Console.Error.WriteLineAsync(errorPrefix + problem);
    }

    return 2;
}

builder.Host.UseSystemd();

// The host would log "Hosting failed to start" with a stack trace for the failures handled below (they get one
// line each); an unexpected exception still ends the process with its stack trace.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

// An unhealthy readiness check (a standby has no lease) is an answer to a probe, not an error of the daemon:
// the reasons are in grpc.health.v1, GetStatus and `lvx status`, and each failure's cause is logged where it happens.
builder.Logging.AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService", LogLevel.Critical);
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

// Every options validation before the host starts (which would log the failure with a stack trace): all
// failures of all sections, one line each.
var invalid = new List<string>();
foreach (var resolve in new Func<object>[]
{
    () => app.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value,
    () => app.Services.GetRequiredService<IOptions<Spm.Coordinator.Grpc.AdminApiOptions>>().Value,
})
{
    try
    {
        resolve();
    }
    catch (OptionsValidationException ex)
    {
        invalid.AddRange(ex.Failures);
    }
}

// A port in use is a configuration error too: say which setting, before Kestrel fails with a stack trace.
foreach (var (key, value) in new[]
{
    ($"{CoordinatorOptions.SectionName}:Listen", listen),
    ($"{CoordinatorOptions.SectionName}:Telemetry:MetricsListen", metricsListen),
})
{
    if (!string.IsNullOrEmpty(value) && ListenAddress.TryParse(value, out var endpoint, out _) && endpoint.Port != 0
        && ListenAddress.InUse(endpoint) is { } why)
    {
        invalid.Add($"{key} {value}: the address is already in use by another process ({why}).");
    }
}

if (checkConfig)
{
    var problems = invalid.Select(f => ConfigurationPreflight.NameKeyAsWritten(builder.Configuration, f)).ToList();
    problems.AddRange(await ConfigurationCheck.CheckHostAsync(builder.Configuration, CancellationToken.None));
    foreach (var problem in problems)
    {
        await Console.Error.WriteLineAsync(errorPrefix + problem);
    }

    if (problems.Count > 0)
    {
        return 2;
    }

    await Console.Out.WriteLineAsync("configuration OK");
    return 0;
}

if (invalid.Count > 0)
{
    foreach (var failure in invalid)
    {
        await Console.Error.WriteLineAsync("configuration error: " + ConfigurationPreflight.NameKeyAsWritten(builder.Configuration, failure));
    }

    return 2;
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
        await Console.Error.WriteLineAsync("configuration error: " + ConfigurationPreflight.NameKeyAsWritten(builder.Configuration, failure));
    }

    return 2;
}
catch (Exception ex) when (ex is AddressInUseException || ex.InnerException is AddressInUseException)
{
    var key = metricsListen is { Length: > 0 } && ListenAddress.TryParse(metricsListen, out var m, out _)
        && ex.Message.Contains($":{m.Port}", StringComparison.Ordinal) && !ex.Message.Contains(listen, StringComparison.Ordinal)
        ? $"{CoordinatorOptions.SectionName}:Telemetry:MetricsListen"
        : $"{CoordinatorOptions.SectionName}:Listen";
    await Console.Error.WriteLineAsync(
        $"configuration error: {ConfigurationPreflight.KeyAsWritten(builder.Configuration, key)}: the address is already in use by another process ({ex.Message.TrimEnd('.')}).");
    return 2;
}
catch (OperationCanceledException)
{
    // Stopped (SIGTERM) before the start completed, e.g. while waiting for the database.
    return 0;
}
catch (Npgsql.PostgresException ex) when (!ex.IsTransient)
{
    // E.g. a wrong password or database name: the database answered, the configuration is wrong.
    await Console.Error.WriteLineAsync(
        $"configuration error: {ConfigurationPreflight.KeyAsWritten(builder.Configuration, "ConnectionStrings:Postgres")}: the database refused: {ex.SqlState} {ex.MessageText}");
    return 2;
}
