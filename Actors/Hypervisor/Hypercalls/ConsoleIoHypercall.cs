using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_console_io(cmd, count, buffer): guest writes go to the hypervisor log.</summary>
/// <remarks>
/// As a Xen that logs guest console output: CONSOLEIO_write is allowed for every domain and rate-limited
/// per domain; everything else is the console's owner's business and a domU gets -EPERM (xsm_console_io).
/// </remarks>
public static class ConsoleIoHypercall
{
    /// <summary>Bytes copied per step (Xen copies guest console writes in chunks of 128).</summary>
    const int Chunk = 128;

    /// <summary>Longest write taken in one call; the rest is dropped as the rate limit would drop it.</summary>
    const int MaxWrite = 64 * 1024;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        if ((ConsoleIoCmd)(int)a.A1 != ConsoleIoCmd.Write) return -(long)XenErrno.EPERM;
        var count = (int)(uint)a.A2;
        if (count < 0) return -(long)XenErrno.EINVAL;
        var buffer = a.A3;
        Span<byte> chunk = stackalloc byte[Chunk];
        for (var done = 0; done < Math.Min(count, MaxWrite); done += Chunk)
        {
            var part = chunk[..Math.Min(Chunk, count - done)];
            if (!c.Memory.TryRead(buffer + (ulong)done, part)) return -(long)XenErrno.EFAULT;
            c.Domain.Console.Write(part);
        }
        return 0;
    }
}
