namespace Lvx.Commands.Coordinator;

/// <summary>The JSON of <c>lvx add-pv</c>. Sizes in bytes.</summary>
internal sealed record AddPvView(string Domain, string VgName, string DevicePath, long VgSizeBytes, long VgFreeBytes, int WaitingRequests);
