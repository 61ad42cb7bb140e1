namespace Hsm.Agent.Options;

/// <summary>The activation backend and its settings (section <c>Agent:Activation</c>).</summary>
internal sealed class ActivationOptions
{
    public const string SectionName = "Agent:Activation";

    /// <summary><c>Lvm</c> (default) or <c>Loop</c>.</summary>
    public ActivationBackend Backend { get; set; } = ActivationBackend.Lvm;

    /// <summary>The lvm binary. Default <c>lvm</c>.</summary>
    public string LvmCommand { get; set; } = "lvm";

    /// <summary>The pool's PVs: every lvm command is restricted to them with <c>--devices</c>. Empty: no restriction (lvm backend only).</summary>
    public List<string> Devices { get; set; } = [];

    /// <summary>Loop backend: the directory of sparse backing files (<c>&lt;dir&gt;/&lt;vg&gt;/&lt;lv&gt;.img</c>). Default <c>/var/lib/lvx/loop</c>.</summary>
    public string LoopBackingDirectory { get; set; } = "/var/lib/lvx/loop";

    /// <summary>How long one lvm/losetup command may run. Default 30 s.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
