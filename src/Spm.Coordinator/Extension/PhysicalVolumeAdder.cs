using Spm.Coordinator.Admin;
using Spm.Coordinator.Leadership;
using Spm.Coordinator.Store;

namespace Spm.Coordinator.Extension;

/// <summary>
/// <c>lvx add-pv</c> on one VG, run by its worker ahead of the queued requests: inspect the device (reads
/// only) before anything is written or stored, pvcreate + vgextend restricted to the pool's devices plus
/// the new one, and only then store the device in the domain's list. Every attempt is audited
/// (<c>admin_operations</c>) with the force flag; a failure leaves the domain's device list as it was.
/// </summary>
internal sealed partial class PhysicalVolumeAdder
{
    private const string Operation = "add_pv";

    private readonly LeaderTerm _term;
    private readonly VolumeGroupState _state;
    private readonly FencedRecorder _recorder;
    private readonly LeasedLvm _lvm;
    private readonly ExtendServices _services;
    private readonly ILogger _logger;

    public PhysicalVolumeAdder(
        LeaderTerm term, VolumeGroupState state, FencedRecorder recorder, LeasedLvm lvm, ExtendServices services, ILogger logger)
    {
        _term = term;
        _state = state;
        _recorder = recorder;
        _lvm = lvm;
        _services = services;
        _logger = logger;
    }

    private DomainInfo Domain => _state.Domain;

    public async Task<AdminResult<AddPhysicalVolumeOutcome>> AddAsync(string device, bool force)
    {
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            // 1. Inspect: nothing is written to the device or stored before the inspector allows it.
            var inspection = await InspectAsync(device, force);
            if (!inspection.MayInitialize)
            {
                return await RefuseAsync(device, force, "refused", ToErrorCode(inspection.Verdict),
                    $"{inspection.Verdict}: {inspection.Detail}");
            }

            var forced = inspection.Verdict == DeviceVerdict.UsableForced
                ? $" (forced over signatures: {string.Join(", ", inspection.Signatures)})"
                : "";
            var current = _state.Devices;
            IReadOnlyList<string> devices = current.Contains(device, StringComparer.Ordinal) ? current : [.. current, device];

            // 2. pvcreate + vgextend under the lease; the domain's stored device list is untouched so far.
            var pvcreate = await _lvm.RunMutationAsync((timeout, ct) => _services.Lvm.CreatePvAsync(device, devices, timeout, ct));
            if (pvcreate is null)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended before pvcreate ran");
            }

            if (!pvcreate.Succeeded)
            {
                return await RefuseAsync(device, force, "failed", AdminErrorCode.FailedPrecondition,
                    $"pvcreate failed{forced}: {_lvm.Describe(pvcreate)}");
            }

            var vgextend = await _lvm.RunMutationAsync((timeout, ct) => _services.Lvm.ExtendVgAsync(Domain.VgName, device, devices, timeout, ct));
            if (vgextend is null)
            {
                return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended before vgextend ran");
            }

            if (!vgextend.Succeeded)
            {
                return await RefuseAsync(device, force, "failed", AdminErrorCode.FailedPrecondition,
                    $"vgextend {Domain.VgName} failed after pvcreate{forced} (the device carries a PV label now, it is not in the VG " +
                    $"nor in the domain's device list): {_lvm.Describe(vgextend)}");
            }

            // 3. The VG really grew: from here on the client is told so, whatever happens to the database writes.
            // The device joins the domain's list (later leaders restrict LVM to it); when that write fails it is
            // kept in memory and stored by the next term of this process (LeaderTermRunner).
            Log.PhysicalVolumeAdded(_logger, Domain.VgName, device, force, _state.WaitingCount);
            _services.Domains.MergeDevices(Domain.DomainId, [device]);
            var stored = await TryRecordAsync(async () =>
            {
                var persisted = await _recorder.AddDeviceAsync(Domain.DomainId, device);
                _services.Domains.MergeDevices(Domain.DomainId, persisted);
                await _recorder.RecordAdminOperationAsync(new AdminOperationRecord(
                    Domain.DomainId, Operation, device, force, "done", $"added to {Domain.VgName}{forced}"));
            });
            if (!stored)
            {
                Log.DeviceNotStored(_logger, Domain.VgName, device);
            }

            var before = _state.Vg;
            var read = stored && await TryRecordAsync(() => _state.RefreshVgAsync(_term.Stopping));
            var vg = read ? _state.Vg! : before;
            return AdminResult<AddPhysicalVolumeOutcome>.Ok(new AddPhysicalVolumeOutcome(
                Domain.DomainId, Domain.VgName, device, vg?.SizeBytes ?? 0, vg?.FreeBytes ?? 0, _state.WaitingCount));
        }
        catch (OperationCanceledException) when (_term.Stopping.IsCancellationRequested)
        {
            return AdminResult<AddPhysicalVolumeOutcome>.Fail(AdminErrorCode.NotLeader, "the term ended while adding the PV");
        }
    }

    /// <summary>Runs a write that follows a successful vgextend: false (not thrown) when the term ended meanwhile.</summary>
    private async Task<bool> TryRecordAsync(Func<Task> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (OperationCanceledException) when (_term.Stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<bool> TryRecordAsync(Func<Task<bool>> read)
    {
        try
        {
            return await read();
        }
        catch (OperationCanceledException) when (_term.Stopping.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task<DeviceInspection> InspectAsync(string device, bool force)
    {
        if (_services.Inspector is not { } inspector)
        {
            return new DeviceInspection(DeviceVerdict.InspectionFailed, "no device inspector is configured on this coordinator", []);
        }

        try
        {
            return await inspector.InspectAsync(device, Domain.VgName, force, _term.Stopping);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new DeviceInspection(DeviceVerdict.InspectionFailed, ex.Message, []);
        }
    }

    private async Task<AdminResult<AddPhysicalVolumeOutcome>> RefuseAsync(
        string device, bool force, string outcome, AdminErrorCode code, string detail)
    {
        Log.AddPvRefused(_logger, Domain.VgName, AdminOperationRecord.Printable(device), force, detail);
        await _recorder.RecordAdminOperationAsync(new AdminOperationRecord(Domain.DomainId, Operation, device, force, outcome, detail));
        return AdminResult<AddPhysicalVolumeOutcome>.Fail(code, $"add-pv {AdminOperationRecord.Printable(device)}: {detail}");
    }

    private static AdminErrorCode ToErrorCode(DeviceVerdict verdict) => verdict switch
    {
        DeviceVerdict.InvalidPath => AdminErrorCode.InvalidArgument,
        DeviceVerdict.NotFound => AdminErrorCode.NotFound,
        DeviceVerdict.InspectionFailed => AdminErrorCode.Unavailable,
        _ => AdminErrorCode.FailedPrecondition,
    };
}
