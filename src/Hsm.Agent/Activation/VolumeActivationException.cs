namespace Hsm.Agent.Activation;

/// <summary>An activation, refresh or size query failed.</summary>
internal class VolumeActivationException : Exception
{
    public VolumeActivationException(string message)
        : base(message)
    {
    }

    public VolumeActivationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VolumeActivationException()
    {
    }
}
