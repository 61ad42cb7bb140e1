using System.CommandLine;

namespace Lvx.Commands.Coordinator;

/// <summary>The options every coordinator command takes: where the coordinator is, the token, the output format.</summary>
internal sealed class CoordinatorConnection
{
    /// <summary>The coordinator address used when neither --coordinator nor LVX_COORDINATOR is given.</summary>
    public const string DefaultAddress = "http://127.0.0.1:7411";

    /// <summary>The environment variable that gives the default coordinator address.</summary>
    public const string AddressVariable = "LVX_COORDINATOR";

    /// <summary>The environment variable that gives the default admin token.</summary>
    public const string TokenVariable = "LVX_TOKEN";

    /// <summary>--coordinator ADDR.</summary>
    public Option<string> Address { get; } = new("--coordinator")
    {
        Description = $"The coordinator's gRPC address (default ${AddressVariable} or {DefaultAddress}).",
        HelpName = "ADDR",
        DefaultValueFactory = _ => NonEmpty(Environment.GetEnvironmentVariable(AddressVariable)) ?? DefaultAddress,
    };

    /// <summary>--token T.</summary>
    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The admin bearer token (default ${TokenVariable}); needed for extend, add-pv and policy set.",
        HelpName = "TOKEN",
        DefaultValueFactory = _ => NonEmpty(Environment.GetEnvironmentVariable(TokenVariable)),
    };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (stable, camelCase) instead of a table.",
    };

    /// <summary>Adds the three options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Address);
        command.Options.Add(Token);
        command.Options.Add(Json);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
