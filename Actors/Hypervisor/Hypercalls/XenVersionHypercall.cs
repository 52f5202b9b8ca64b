using Disagg.Actors.Hypervisor.Domains;
using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>__HYPERVISOR_xen_version(cmd, arg), answering as Xen 4.17 answers an HVM/PVH domU.</summary>
public static class XenVersionHypercall
{
    public const string ExtraVersion = ".0-disagg";
    public const string Changeset = "disagg";
    public const string Capabilities = "hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64";

    /// <summary>Size of xen_compile_info: compiler[64], compile_by[16], compile_domain[32], compile_date[32].</summary>
    const int CompileInfoSize = 144;

    public static long Handle(HypercallContext c, in HypercallArgs a)
    {
        var arg = a.A2;
        switch ((XenVersionCmd)(int)a.A1)
        {
            case XenVersionCmd.Version:
                return (4 << 16) | 17;
            case XenVersionCmd.Extraversion:
                return WriteString(c, arg, ExtraVersion, XenVersionLengths.Extraversion);
            case XenVersionCmd.CompileInfo:
                return WriteCompileInfo(c, arg);
            case XenVersionCmd.Capabilities:
                return WriteString(c, arg, Capabilities, XenVersionLengths.CapabilitiesInfo);
            case XenVersionCmd.Changeset:
                return WriteString(c, arg, Changeset, XenVersionLengths.ChangesetInfo);
            case XenVersionCmd.PlatformParameters:
                // Xen returns virt_start = 0 to HVM vCPUs: there is no hypervisor hole in their address space.
                return c.Is32Bit
                    ? Ok(c.Memory.TryWrite(arg, new PlatformParameters32 { virt_start = 0 }))
                    : Ok(c.Memory.TryWrite(arg, new PlatformParameters { virt_start = 0 }));
            case XenVersionCmd.GetFeatures:
                return GetFeatures(c, arg);
            case XenVersionCmd.Pagesize:
                return 4096;
            case XenVersionCmd.GuestHandle:
                return Ok(c.Memory.TryWrite(arg, c.Domain.Handle.ToByteArray(bigEndian: true)));
            case XenVersionCmd.Commandline or XenVersionCmd.BuildId:
                // XSM_PRIV sub-ops: a domU is denied.
                return c.Caller.IsPrivileged ? WriteString(c, arg, "", XenVersionLengths.Commandline) : -(long)XenErrno.EPERM;
            default:
                return -(long)XenErrno.ENOSYS;
        }
    }

    /// <summary>XENFEAT_* submap 0 of an HVM/PVH domU in Xen 4.17 (xen/common/kernel.c).</summary>
    public static uint FeatureSubmap0(Domain d)
    {
        var bits = (1u << (int)XenFeature.WritablePageTables)
            | (1u << (int)XenFeature.AutoTranslatedPhysmap)
            | (1u << (int)XenFeature.SupervisorModeKernel)
            | (1u << (int)XenFeature.HvmCallbackVector)
            | (1u << (int)XenFeature.HvmSafePvclock)
            | (1u << (int)XenFeature.MemoryOpVnodeSupported)
            | (1u << (int)XenFeature.NotDirectMapped);
        if (d.Config.Type == GuestType.Pvh) bits |= 1u << (int)XenFeature.LinuxRsdpUnrestricted;
        if (d.IsPrivileged) bits |= 1u << (int)XenFeature.Dom0;
        return bits;   // no XENFEAT_hvm_pirqs: these domains have no emulated PIRQs
    }

    static long GetFeatures(HypercallContext c, ulong arg)
    {
        if (!c.Memory.TryRead<FeatureInfo>(arg, out var info)) return -(long)XenErrno.EFAULT;
        info.submap = info.submap_idx == 0 ? FeatureSubmap0(c.Domain) : 0;
        return Ok(c.Memory.TryWrite(arg, info));
    }

    static long WriteCompileInfo(HypercallContext c, ulong arg)
    {
        Span<byte> info = stackalloc byte[CompileInfoSize];
        info.Clear();
        Put(info[..64], $".NET {Environment.Version}");
        Put(info.Slice(64, 16), "disagg");
        Put(info.Slice(80, 32), "disagg.local");
        Put(info.Slice(112, 32), "2026-11-25");
        return Ok(c.Memory.TryWrite(arg, info));
    }

    static void Put(Span<byte> field, string text) =>
        System.Text.Encoding.ASCII.GetBytes(text.AsSpan(0, Math.Min(text.Length, field.Length - 1)), field);

    static long WriteString(HypercallContext c, ulong arg, string text, int size) =>
        Ok(c.Memory.TryWriteFixedString(arg, text, size));

    static long Ok(bool copied) => copied ? 0 : -(long)XenErrno.EFAULT;
}
