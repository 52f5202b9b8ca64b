using Disagg.Actors.Hypervisor.Domains;
using Disagg.Guest;

namespace Disagg.Hypervisor.Tests.Boot;

/// <summary>One hypervisor core shared by the boot tests of a class (as one host runs many guests).</summary>
public sealed class CoreFixture : IDisposable
{
    readonly Lazy<Actors.Hypervisor.Hypervisor> _core = new(() => new Actors.Hypervisor.Hypervisor());

    public Actors.Hypervisor.Hypervisor Core => _core.Value;

    /// <summary>Boots the test guest (64-bit unless <paramref name="bits"/> is 32) with a command line.</summary>
    public GuestRun Boot(string cmdline, GuestType type = GuestType.Pvh, int vcpus = 1, int memoryMiB = 64,
        int bits = 64, bool paused = false, string? name = null)
    {
        var kernel = bits == 32 ? GuestImages.TestKernel32 : GuestImages.TestKernel;
        name ??= $"t{Interlocked.Increment(ref _seq)}-{cmdline.Split(' ')[0].Replace("mode=", "")}";
        return new GuestRun(Core, new DomainConfig(name, type, kernel, memoryMiB, vcpus, cmdline, StartPaused: paused));
    }

    static int _seq;

    public void Dispose()
    {
        if (_core.IsValueCreated) _core.Value.Dispose();
    }
}
