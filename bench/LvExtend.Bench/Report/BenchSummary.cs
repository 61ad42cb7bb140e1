namespace LvExtend.Bench.Report;

/// <summary>The simulated load and the VG it ran against.</summary>
internal sealed record BenchSummary(
    int Hosts,
    int VolumesPerHost,
    int Volumes,
    int ChunkMib,
    int UtilizationPercent,
    double LimitMib,
    double RateMibps,
    string RateSource,
    double OfferedExtensionsPerSecond,
    int ExtentMib,
    int PvSizeGiB,
    int LvCount,
    double VgSetupSeconds,
    string Refresh,
    double SteadySeconds,
    int BurstSize);
