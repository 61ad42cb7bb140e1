using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Hsm.Agent.Libvirt.Interop;

namespace Hsm.Agent.Libvirt;

/// <summary>
/// One open libvirt connection: keepalive, the close callback and the three domain events
/// (lifecycle, I/O error with reason, block threshold) posted to a channel, and the calls the agent
/// makes. Every failure is a <see cref="LibvirtException"/> carrying libvirt's message. Thread-safe (libvirt
/// connections are); domains are looked up by UUID for each call, so a vanished domain fails cleanly.
/// </summary>
internal sealed unsafe class LibvirtConnection : IDisposable
{
    private readonly ConnectHandle _handle;
    private readonly nint _sink;
    private readonly List<int> _callbacks = [];
    private bool _closeRegistered;
    private bool _disposed;

    private LibvirtConnection(string uri, ConnectHandle handle, nint sink)
    {
        Uri = uri;
        _handle = handle;
        _sink = sink;
    }

    public string Uri { get; }

    /// <summary>virConnectIsAlive.</summary>
    public bool IsAlive => !_disposed && LibvirtNative.ConnectIsAlive(_handle) == 1;

    /// <summary>Opens <paramref name="uri"/>, sets keepalive and registers the events posted to <paramref name="events"/>.</summary>
    public static LibvirtConnection Open(string uri, TimeSpan keepAliveInterval, int keepAliveCount, ChannelWriter<LibvirtEvent> events)
    {
        LibvirtEventLoop.EnsureStarted();
        var handle = LibvirtNative.ConnectOpen(uri);
        if (handle.IsInvalid)
        {
            var error = LibvirtException.FromLastError($"virConnectOpen({uri})");
            handle.Dispose();
            throw error;
        }

        var connection = new LibvirtConnection(uri, handle, LibvirtCallbacks.AddSink(events));
        try
        {
            connection.Setup(keepAliveInterval, keepAliveCount);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The running domains (virConnectListAllDomains, active).</summary>
    public IReadOnlyList<(string Uuid, string Name)> ListActiveDomains()
    {
        var count = LibvirtNative.ConnectListAllDomains(_handle, out var domains, LibvirtConstants.ListDomainsActive);
        if (count < 0)
        {
            throw LibvirtException.FromLastError("virConnectListAllDomains");
        }

        var result = new List<(string, string)>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                result.Add(LibvirtCallbacks.Describe(domains[i]));
            }
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                _ = LibvirtNative.DomainFree(domains[i]);
            }

            NativeMemory.Free(domains);
        }

        return result;
    }

    /// <summary>The live domain XML (virDomainGetXMLDesc, flags 0).</summary>
    public string GetXml(string uuid)
    {
        using var domain = Lookup(uuid);
        var xml = LibvirtNative.DomainGetXmlDesc(domain, 0);
        if (xml == nint.Zero)
        {
            throw LibvirtException.FromLastError("virDomainGetXMLDesc");
        }

        try
        {
            return Marshal.PtrToStringUTF8(xml) ?? string.Empty;
        }
        finally
        {
            NativeMemory.Free((void*)xml);
        }
    }

    /// <summary>virDomainGetState.</summary>
    public LibvirtDomainState GetState(string uuid)
    {
        using var domain = Lookup(uuid);
        return LibvirtNative.DomainGetState(domain, out var state, out var reason, 0) < 0
            ? throw LibvirtException.FromLastError("virDomainGetState")
            : new LibvirtDomainState(state, reason);
    }

    /// <summary>virDomainResume.</summary>
    public void Resume(string uuid)
    {
        using var domain = Lookup(uuid);
        if (LibvirtNative.DomainResume(domain) < 0)
        {
            throw LibvirtException.FromLastError("virDomainResume");
        }
    }

    /// <summary>virDomainSetBlockThreshold on <paramref name="device"/> (<c>vda</c> or <c>vda[N]</c>); 0 disables.</summary>
    public void SetBlockThreshold(string uuid, string device, long threshold)
    {
        using var domain = Lookup(uuid);
        if (LibvirtNative.DomainSetBlockThreshold(domain, device, (ulong)Math.Max(0, threshold), 0) < 0)
        {
            throw LibvirtException.FromLastError($"virDomainSetBlockThreshold({device})");
        }
    }

    /// <summary>One call for all running domains: virConnectGetAllDomainStats(VIR_DOMAIN_STATS_BLOCK, active).</summary>
    public IReadOnlyList<LibvirtDomainStats> GetAllBlockStats()
    {
        var count = LibvirtNative.ConnectGetAllDomainStats(_handle, LibvirtConstants.StatsBlock, out var records, LibvirtConstants.ListDomainsActive);
        if (count < 0)
        {
            throw LibvirtException.FromLastError("virConnectGetAllDomainStats");
        }

        try
        {
            var result = new List<LibvirtDomainStats>(count);
            for (var i = 0; i < count; i++)
            {
                var record = records[i];
                var (uuid, name) = LibvirtCallbacks.Describe(record->Domain);
                result.Add(new LibvirtDomainStats(uuid, name, ParseBlocks(record->Parameters, record->ParameterCount)));
            }

            return result;
        }
        finally
        {
            LibvirtNative.DomainStatsRecordListFree(records);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        LibvirtCallbacks.RemoveSink(_sink);
        foreach (var id in _callbacks)
        {
            _ = LibvirtNative.ConnectDomainEventDeregisterAny(_handle, id);
        }

        if (_closeRegistered)
        {
            _ = LibvirtNative.ConnectUnregisterCloseCallback(_handle, LibvirtCallbacks.Close);
        }

        _handle.Dispose();
    }

    private static List<LibvirtBlockStats> ParseBlocks(TypedParameter* parameters, int count)
    {
        var values = new Dictionary<string, (long? Number, string? Text)>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var name = parameters[i].Name;
            if (name.StartsWith("block.", StringComparison.Ordinal))
            {
                values[name] = (parameters[i].AsInt64, parameters[i].AsString);
            }
        }

        var blocks = new List<LibvirtBlockStats>();
        var total = values.TryGetValue("block.count", out var c) ? c.Number ?? 0 : 0;
        for (var n = 0; n < total; n++)
        {
            string Key(string field) => string.Create(CultureInfo.InvariantCulture, $"block.{n}.{field}");
            long Number(string field) => values.TryGetValue(Key(field), out var v) ? v.Number ?? 0 : 0;
            if (!values.TryGetValue(Key("name"), out var target) || string.IsNullOrEmpty(target.Text))
            {
                continue;
            }

            int? backing = values.TryGetValue(Key("backingIndex"), out var b) && b.Number is { } index ? (int)index : null;
            blocks.Add(new LibvirtBlockStats(target.Text, values.TryGetValue(Key("path"), out var p) ? p.Text : null,
                Number("allocation"), Number("capacity"), Number("physical"), Number("threshold"), backing));
        }

        return blocks;
    }

    private void Setup(TimeSpan keepAliveInterval, int keepAliveCount)
    {
        var interval = (int)Math.Max(1, keepAliveInterval.TotalSeconds);
        if (LibvirtNative.ConnectSetKeepAlive(_handle, interval, (uint)keepAliveCount) < 0)
        {
            throw LibvirtException.FromLastError("virConnectSetKeepAlive");
        }

        if (LibvirtNative.ConnectRegisterCloseCallback(_handle, LibvirtCallbacks.Close, _sink, 0) < 0)
        {
            throw LibvirtException.FromLastError("virConnectRegisterCloseCallback");
        }

        _closeRegistered = true;
        Register(LibvirtConstants.EventIdLifecycle, LibvirtCallbacks.Lifecycle, "lifecycle");
        Register(LibvirtConstants.EventIdIoErrorReason, LibvirtCallbacks.IoErrorReason, "io-error-reason");
        Register(LibvirtConstants.EventIdBlockThreshold, LibvirtCallbacks.BlockThreshold, "block-threshold");
    }

    private void Register(int eventId, nint callback, string what)
    {
        var id = LibvirtNative.ConnectDomainEventRegisterAny(_handle, nint.Zero, eventId, callback, _sink, nint.Zero);
        if (id < 0)
        {
            throw LibvirtException.FromLastError($"virConnectDomainEventRegisterAny({what})");
        }

        _callbacks.Add(id);
    }

    private DomainHandle Lookup(string uuid)
    {
        if (_disposed)
        {
            throw new LibvirtException($"the connection to {Uri} is closed");
        }

        var domain = LibvirtNative.DomainLookupByUuidString(_handle, uuid);
        if (domain.IsInvalid)
        {
            var error = LibvirtException.FromLastError($"virDomainLookupByUUIDString({uuid})");
            domain.Dispose();
            throw error;
        }

        return domain;
    }
}
