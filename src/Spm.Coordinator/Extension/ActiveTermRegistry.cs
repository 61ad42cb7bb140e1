namespace Spm.Coordinator.Extension;

/// <summary>The running term's runtime, for the admin API (null on a standby).</summary>
internal sealed class ActiveTermRegistry
{
    private volatile TermRuntime? _current;

    public TermRuntime? Current => _current;

    internal void Set(TermRuntime? runtime) => _current = runtime;
}
