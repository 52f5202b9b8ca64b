using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Xunit;

namespace Disagg.Xen.Tests;

/// <summary>Every number and layout of Disagg.Xen against Xen 4.17's installed public headers.</summary>
public class AbiTests
{
    public static TheoryData<string> ConstantNames() => Data(AbiModel.Constants().Select(c => c.ToString()));
    public static TheoryData<string> StructNames() => Data(AbiModel.Structs().Select(t => t.FullName!));
    public static TheoryData<string> TableNames() => Data(AbiModel.LayoutTables().Select(l => $"{l.Type.Name}.{l.Instance}"));

    private static TheoryData<string> Data(IEnumerable<string> rows)
    {
        var d = new TheoryData<string>();
        foreach (var r in rows) d.Add(r);
        return d;
    }

    [Theory]
    [MemberData(nameof(ConstantNames))]
    public void Constant_matches_header(string row)
    {
        var c = AbiModel.Constants().Single(x => x.ToString() == row);
        Assert.False(string.IsNullOrEmpty(c.CExpr), $"{row}: no /// summary naming the C macro");
        foreach (var abi in c.X86_32Only ? [CAbi.X86_32] : c.BothAbis ? new[] { CAbi.X64, CAbi.X86_32 } : [CAbi.X64])
        {
            Assert.True(HeaderValues.For(abi).TryGetValue(c.CExpr, out var value), $"{row}: '{c.CExpr}' is not defined by the headers ({abi})");
            Assert.True(value == c.Value, $"{row}: C# {c.Value} but header {value} ({abi})");
        }
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Struct_layout_matches_header(string fullName)
    {
        var t = AbiModel.Assembly.GetType(fullName)!;
        var abi = AbiModel.IsTwin(t) ? CAbi.X86_32 : CAbi.X64;
        var values = HeaderValues.For(abi);
        var errors = new List<string>();
        foreach (var claim in AbiModel.LayoutClaims(t))
        {
            if (!values.TryGetValue(claim.CExpr, out var v))
            {
                if (!claim.OnlyForScalars) errors.Add($"{claim.What}: '{claim.CExpr}' does not compile ({abi})");
            }
            else if (v != claim.Value) errors.Add($"{claim.What}: C# {claim.Value}, C {v} ({abi})");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Struct_whose_x86_32_layout_differs_has_a_twin(string fullName)
    {
        var t = AbiModel.Assembly.GetType(fullName)!;
        if (AbiModel.IsTwin(t) || AbiModel.TwinOf(t) is not null) return;
        var values = HeaderValues.For(CAbi.X86_32);
        var differs = AbiModel.LayoutClaims(t)
            .Where(c => !c.OnlyForScalars && values.TryGetValue(c.CExpr, out var v) && v != c.Value)
            .Select(c => $"{c.What}: 64-bit {c.Value}, x86_32 {values[c.CExpr]}").ToList();
        Assert.True(differs.Count == 0, $"{t.Name} needs a {t.Name}32 twin:\n" + string.Join("\n", differs));
    }

    [Theory]
    [MemberData(nameof(TableNames))]
    public void Offset_table_matches_header(string row)
    {
        var (type, _, abi, layout) = AbiModel.LayoutTables().Single(l => $"{l.Type.Name}.{l.Instance}" == row);
        var values = HeaderValues.For(abi);
        var errors = new List<string>();
        foreach (var claim in AbiModel.TableClaims(type, layout))
        {
            if (!values.TryGetValue(claim.CExpr, out var v)) errors.Add($"{claim.What}: '{claim.CExpr}' does not compile ({abi})");
            else if (v != claim.Value) errors.Add($"{claim.What}: C# {claim.Value}, C {v} ({abi})");
        }
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Every_public_type_is_checked()
    {
        var unchecked_ = AbiModel.PublicTypes.Where(t =>
            !t.IsEnum
            && !(t.IsValueType && (AbiModel.Summary(t) ?? "").StartsWith("struct ", StringComparison.Ordinal))
            && t.GetCustomAttribute<InlineArrayAttribute>() is null
            && !(t.IsClass && t.IsAbstract && t.IsSealed) // static classes: their consts are checked
            && !AbiModel.LayoutTables().Any(l => l.Type == t)).Select(t => t.FullName).ToList();
        Assert.True(unchecked_.Count == 0, "types with no header check: " + string.Join(", ", unchecked_));
    }

    [Fact]
    public void Every_inline_array_is_used_by_a_checked_struct()
    {
        var used = AbiModel.Structs().SelectMany(s => s.GetFields(BindingFlags.Public | BindingFlags.Instance)).Select(f => f.FieldType).ToHashSet();
        var unused = AbiModel.PublicTypes.Where(t => t.GetCustomAttribute<InlineArrayAttribute>() is not null && !used.Contains(t)).ToList();
        Assert.Empty(unused);
    }

    [Fact]
    public void Structs_are_blittable_with_the_same_marshalled_size()
    {
        foreach (var t in AbiModel.Structs())
            Assert.True(AbiModel.SizeOf(t) == System.Runtime.InteropServices.Marshal.SizeOf(t), t.FullName);
    }

    [Fact]
    public void Errno_enum_has_every_header_value()
    {
        var header = Regex.Matches(File.ReadAllText("/usr/include/xen/errno.h"), @"^XEN_ERRNO\((\w+),\s*(\d+)\)", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));
        var cs = Enum.GetNames<XenErrno>().ToDictionary(n => n, n => (int)Enum.Parse<XenErrno>(n));
        Assert.Equal(header.OrderBy(k => k.Key), cs.OrderBy(k => k.Key));
    }

    // Macro families that must be complete: every object-like macro matching the pattern (gcc -dM in the
    // 64-bit tools build) is the summary of some member of the type.
    public static TheoryData<string, string, string> Families() => new()
    {
        { nameof(EventChannelOp), @"^EVTCHNOP_", "" },
        { nameof(EvtchnStatusKind), @"^EVTCHNSTAT_", "" },
        { nameof(Virq), @"^VIRQ_", "^VIRQ_MCA$" },
        { nameof(GrantTableOp), @"^GNTTABOP_[a-z]", "^GNTTABOP_error_msgs$" },
        { nameof(GrantFlags), @"^GTF_", "" },
        { nameof(GrantMapFlags), @"^GNTMAP_", "" },
        { nameof(GrantStatus), @"^GNTST_", "" },
        { nameof(GrantCopyFlags), @"^GNTCOPY_", "" },
        { nameof(DomId), @"^DOMID_", "" },
        { nameof(HypercallNumber), @"^__HYPERVISOR_", "^__HYPERVISOR_VIRT_(START|END)$" },
        { nameof(XenVersionCmd), @"^XENVER_", "" },
        { nameof(XenFeature), @"^XENFEAT_", "^XENFEAT_NR_SUBMAPS$" },
        { nameof(ConsoleIoCmd), @"^CONSOLEIO_", "" },
        { nameof(SchedOpCmd), @"^SCHEDOP_", "" },
        { nameof(ShutdownReason), @"^SHUTDOWN_", "" },
        { nameof(VcpuOpCmd), @"^VCPUOP_", "" },
        { nameof(VmAssistType), @"^(VMASST_TYPE_|MAX_VMASST_TYPE$)", "" },
        { nameof(MemoryOpCmd), @"^XENMEM_[a-z]", @"^XENMEM_(paging_op_|access_op_|sharing_op_|resource_)" },
        { nameof(AddToPhysmapSpace), @"^XENMAPSPACE_", "" },
        { nameof(HvmOpCmd), @"^HVMOP_[a-z]", "^HVMOP_altp2m_" },
        { nameof(HvmParam), @"^HVM_PARAM_", "" },
        { nameof(PhysdevOpCmd), @"^PHYSDEVOP_[a-z]", "^PHYSDEVOP_pirq_eoi_gmfn$" },
        { nameof(PlatformOpCmd), @"^XENPF_[a-z]", "^XENPF_settime$" },
        { nameof(XenCpuid), @"^XEN_(HVM_)?CPUID_", "^XEN_CPUID_(LEAF|NO_SUBLEAF|INPUT_UNUSED)$" },
        { nameof(CallbackType), @"^CALLBACKTYPE_", "" },
        { nameof(CallbackOpCmd), @"^CALLBACKOP_", "" },
        { nameof(DomctlCmd), @"^XEN_DOMCTL_[a-z]", "" },
        { nameof(SysctlCmd), @"^XEN_SYSCTL_[a-z]", "" },
    };

    private static readonly Lazy<IReadOnlyDictionary<string, string>> Macros = new(() => CHeaderProbe.Macros(CAbi.X64));

    [Theory]
    [MemberData(nameof(Families))]
    public void Macro_family_is_complete(string typeName, string pattern, string exclude)
    {
        var t = AbiModel.Assembly.GetType("Disagg.Xen." + typeName)!;
        var documented = t.GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => AbiModel.Summary(f)).ToHashSet();
        var commandBlockOnly = typeName is nameof(DomctlCmd) or nameof(SysctlCmd);
        var missing = Macros.Value
            .Where(m => Regex.IsMatch(m.Key, pattern) && (exclude.Length == 0 || !Regex.IsMatch(m.Key, exclude)))
            .Where(m => !commandBlockOnly || IsCommandNumber(m))
            .Select(m => m.Key).Where(n => !documented.Contains(n)).Order().ToList();
        Assert.True(missing.Count == 0, $"{typeName} lacks: {string.Join(", ", missing)}");
    }

    // XEN_DOMCTL_* / XEN_SYSCTL_* also name sub-op values and flags; the commands are the ones used as
    // case labels of the union in struct xen_domctl / xen_sysctl, i.e. those the header lists in its command block.
    private static bool IsCommandNumber(KeyValuePair<string, string> macro)
    {
        var file = macro.Key.StartsWith("XEN_DOMCTL_", StringComparison.Ordinal) ? "domctl.h" : "sysctl.h";
        var text = File.ReadAllText("/usr/include/xen/" + file);
        var block = text[text.IndexOf(file == "domctl.h" ? "struct xen_domctl {" : "struct xen_sysctl {", StringComparison.Ordinal)..];
        block = block[..block.IndexOf("union {", StringComparison.Ordinal)];
        return Regex.IsMatch(block, $@"#define {macro.Key}\s");
    }

    [Fact]
    public void Special_pages_follow_libxenguest()
    {
        var v = HeaderValues.For(CAbi.X64);
        Assert.Equal((ulong)v["special_pfn(SPECIALPAGE_XENSTORE)"], HvmSpecialPages.SpecialPfn(HvmSpecialPages.Xenstore));
        Assert.Equal((ulong)v["special_pfn(SPECIALPAGE_CONSOLE)"], HvmSpecialPages.SpecialPfn(HvmSpecialPages.Console));
        Assert.Equal((ulong)v["(special_pfn(0) - NR_IOREQ_SERVER_PAGES + 0)"], HvmSpecialPages.IoreqServerPfn(0));
    }

    [Fact]
    public void Callback_irq_type_is_the_top_byte()
    {
        Assert.Equal(0xFFul, (ulong)HeaderValues.For(CAbi.X64)["HVM_PARAM_CALLBACK_IRQ_TYPE_MASK >> 56"]);
        Assert.Equal(HvmParam.CallbackIrqTypeMask, 0xFFUL << HvmParam.CallbackTypeShift);
    }

    [Fact]
    public void Shared_info_vcpu_offsets_step_by_vcpu_info_size()
    {
        Assert.Equal(SharedInfoLayout.X64.VcpuInfo + 3 * 64, SharedInfoLayout.X64.VcpuInfoOffset(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SharedInfoLayout.X86_32.VcpuInfoOffset(32));
    }
}
