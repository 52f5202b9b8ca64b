namespace Disagg.Actors.Hypervisor.Builder;

/// <summary>The domain builder refused its input (a malformed kernel, a layout that does not fit): the message says what and where.</summary>
public sealed class BuildException : Exception
{
    public BuildException(string message) : base(message) { }
}
