namespace Spm.Coordinator.Admin;

/// <summary>
/// The life cycle of an extend request, persisted in <c>extend_requests.state</c> by its snake_case
/// name (<see cref="ExtendRequestStates"/>). Values are frozen by a test.
/// </summary>
internal enum ExtendRequestState : byte
{
    /// <summary>Taken from the queue; not yet validated.</summary>
    Received = 1,

    /// <summary>Refused by validation, the cap or a per-host limit; answered with size 0.</summary>
    Rejected = 2,

    /// <summary>The VG has too few free extents; not answered, served when space appears.</summary>
    WaitingForSpace = 3,

    /// <summary>lvextend is running (or was, when the leader died).</summary>
    Extending = 4,

    /// <summary>The LV has the requested size; answered with the request.</summary>
    Done = 5,

    /// <summary>lvextend or the reply failed; answered with size 0 when possible.</summary>
    Failed = 6,

    /// <summary>The host withdrew the request from its slot before it was served.</summary>
    Withdrawn = 7,

    /// <summary>Left open by a previous leader; the new leader serves it again from the mailbox.</summary>
    Superseded = 8,

    /// <summary>An unknown opcode: recorded and counted, never answered (as the reference).</summary>
    Ignored = 9,
}
