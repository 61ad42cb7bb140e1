using System.CommandLine;

namespace Lvx.Commands.Coordinator;

/// <summary>The options every coordinator command takes: where the coordinator is, the token file, the output format.</summary>
internal sealed class CoordinatorConnection
{
    /// <summary>The coordinator address used when neither --coordinator nor LVX_COORDINATOR is given.</summary>
    public const string DefaultAddress = "http://127.0.0.1:7411";

    /// <summary>The environment variable that gives the default coordinator address.</summary>
    public const string AddressVariable = "LVX_COORDINATOR";

    /// <summary>The environment variable that gives the default admin token.</summary>
    public const string TokenVariable = AdminToken.Variable;

    /// <summary>--coordinator ADDR.</summary>
    public Option<string> Address { get; } = new("--coordinator")
    {
        Description = $"The coordinator's gRPC address (default ${AddressVariable} or {DefaultAddress}).",
        HelpName = "ADDR",
        DefaultValueFactory = _ => NonEmpty(Environment.GetEnvironmentVariable(AddressVariable)) ?? DefaultAddress,
    };

    /// <summary>--token-file FILE (the token itself is never taken from the command line).</summary>
    public Option<string?> TokenFile { get; } = AdminToken.CreateFileOption("needed for extend, add-pv and policy set");

    /// <summary>--token, hidden: refused with a message that names LVX_TOKEN and --token-file.</summary>
    public Option<string?> RefusedToken { get; } = AdminToken.CreateRefusedOption();

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print JSON (stable, camelCase) instead of a table.",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Address);
        command.Options.Add(TokenFile);
        command.Options.Add(RefusedToken);
        command.Options.Add(Json);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
