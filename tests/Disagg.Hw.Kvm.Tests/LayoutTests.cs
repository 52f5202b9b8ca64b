using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Disagg.Hw.Kvm.Native;
using Xunit;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>
/// Compiles C against the real &lt;linux/kvm.h&gt; that prints sizeof/offsetof of every field the C#
/// structs declare (found by reflection, recursively), every ioctl number and constant, and every enum
/// value, and compares them with the C# side. A C# field whose name does not exist in C fails the compile.
/// </summary>
public sealed class LayoutTests
{
    // C# struct -> C type. Nested structs (kvm_run.io, kvm_sregs.cs, ...) are reached through their fields.
    private static readonly (Type Type, string C)[] Structs =
    {
        (typeof(kvm_run), "struct kvm_run"),
        (typeof(KvmRegisters), "struct kvm_regs"),
        (typeof(KvmSpecialRegisters), "struct kvm_sregs"),
        (typeof(KvmSegment), "struct kvm_segment"),
        (typeof(KvmDescriptorTable), "struct kvm_dtable"),
        (typeof(KvmCpuidEntry), "struct kvm_cpuid_entry2"),
        (typeof(kvm_cpuid2), "struct kvm_cpuid2"),
        (typeof(kvm_userspace_memory_region), "struct kvm_userspace_memory_region"),
        (typeof(kvm_msr_filter), "struct kvm_msr_filter"),
        (typeof(kvm_msr_filter_range), "struct kvm_msr_filter_range"),
        (typeof(kvm_enable_cap), "struct kvm_enable_cap"),
        (typeof(kvm_msi), "struct kvm_msi"),
        (typeof(kvm_irq_level), "struct kvm_irq_level"),
        (typeof(kvm_irqfd), "struct kvm_irqfd"),
        (typeof(kvm_ioeventfd), "struct kvm_ioeventfd"),
        (typeof(kvm_irq_routing), "struct kvm_irq_routing"),
        (typeof(kvm_irq_routing_entry), "struct kvm_irq_routing_entry"),
        (typeof(kvm_irq_routing_msi), "struct kvm_irq_routing_msi"),
        (typeof(kvm_dirty_log), "struct kvm_dirty_log"),
        (typeof(kvm_translation), "struct kvm_translation"),
        (typeof(kvm_msrs), "struct kvm_msrs"),
        (typeof(kvm_msr_entry), "struct kvm_msr_entry"),
        (typeof(kvm_mp_state), "struct kvm_mp_state"),
        (typeof(kvm_lapic_state), "struct kvm_lapic_state"),
        (typeof(kvm_interrupt), "struct kvm_interrupt"),
        (typeof(kvm_xen_hvm_config), "struct kvm_xen_hvm_config"),
    };

    // C# enum -> C macro prefix, with the names that do not follow PascalCase -> UPPER_SNAKE.
    private static readonly (Type Enum, string Prefix)[] Enums =
    {
        (typeof(KvmCap), "KVM_CAP_"),
        (typeof(KvmExitReason), "KVM_EXIT_"),
        (typeof(KvmMpState), "KVM_MP_STATE_"),
        (typeof(KvmMemoryFlags), "KVM_MEM_"),
        (typeof(KvmMsrExitReasons), "KVM_MSR_EXIT_REASON_"),
        (typeof(KvmSystemEvent), "KVM_SYSTEM_EVENT_"),
        (typeof(KvmIoDirection), "KVM_EXIT_IO_"),
    };

    private static readonly Dictionary<string, string> NameOverrides = new()
    {
        ["KVM_CAP_X2_APIC_API"] = "KVM_CAP_X2APIC_API",
        ["KVM_CAP_HYPER_V"] = "KVM_CAP_HYPERV",
        ["KVM_CAP_DEBUG_REGS"] = "KVM_CAP_DEBUGREGS",
        ["KVM_EXIT_INTERRUPTED"] = "KVM_EXIT_INTR",
        ["KVM_EXIT_X86_READ_MSR"] = "KVM_EXIT_X86_RDMSR",
        ["KVM_EXIT_X86_WRITE_MSR"] = "KVM_EXIT_X86_WRMSR",
        ["KVM_EXIT_HYPER_V"] = "KVM_EXIT_HYPERV",
        ["KVM_MEM_READ_ONLY"] = "KVM_MEM_READONLY",
        ["KVM_MSR_EXIT_REASON_INVALID"] = "KVM_MSR_EXIT_REASON_INVAL",
    };

    [Fact]
    public void StructsConstantsAndEnumsMatchLinuxKvmHeader()
    {
        var expected = new Dictionary<string, ulong>();
        var c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include <linux/kvm.h>\nint main(void) {\n");
        void Emit(string key, string expr, ulong value)
        {
            expected.Add(key, value);
            c.Append($"  printf(\"%s %llu\\n\", \"{key}\", (unsigned long long)({expr}));\n");
        }

        foreach (var (type, cName) in Structs)
        {
            Emit($"sizeof {cName}", $"sizeof({cName})", (ulong)SizeOf(type));
            EmitFields(type, cName, "", 0, Emit);
        }
        foreach (var f in typeof(KvmConstants).GetFields(BindingFlags.Public | BindingFlags.Static | BindingFlags.NonPublic))
            Emit(f.Name, f.Name, Convert.ToUInt64(f.GetRawConstantValue(), CultureInfo.InvariantCulture));
        foreach (var (enumType, prefix) in Enums)
        {
            foreach (var name in Enum.GetNames(enumType))
            {
                ulong value = Convert.ToUInt64(Enum.Parse(enumType, name), CultureInfo.InvariantCulture);
                if (name == "None") continue;
                string macro = prefix + Snake(name).ToUpperInvariant();
                macro = NameOverrides.GetValueOrDefault(macro, macro);
                Emit($"{enumType.Name}.{name}", macro, value);
            }
        }
        c.Append("  return 0;\n}\n");

        var actual = CompileAndRun(c.ToString());
        var mismatches = expected
            .Where(e => !actual.TryGetValue(e.Key, out ulong v) || v != e.Value)
            .Select(e => $"{e.Key}: C# {e.Value}, C {(actual.TryGetValue(e.Key, out ulong v) ? v.ToString() : "missing")}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        Assert.True(expected.Count > 300, $"only {expected.Count} facts checked");
    }

    // Every instance field, recursively into nested structs (not into InlineArrays or primitives):
    // its offset from the outer C struct and its size.
    private static void EmitFields(Type type, string cName, string path, long baseOffset, Action<string, string, ulong> emit)
    {
        foreach (var f in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            string member = path + Snake(f.Name);
            long offset = baseOffset + OffsetOf(type, f);
            emit($"offsetof {cName}.{member}", $"offsetof({cName}, {member})", (ulong)offset);
            emit($"sizeof {cName}.{member}", $"sizeof((({cName}*)0)->{member})", (ulong)SizeOf(f.FieldType));
            if (IsComposite(f.FieldType)) EmitFields(f.FieldType, cName, member + ".", offset, emit);
        }
    }

    private static bool IsComposite(Type t) =>
        t.IsValueType && !t.IsPrimitive && !t.IsEnum && !t.IsPointer
        && t.GetCustomAttribute<InlineArrayAttribute>() is null;

    private static string Snake(string name) =>
        Regex.Replace(name.TrimStart('_'), "(?<=[a-z0-9])([A-Z])", "_$1").ToLowerInvariant();

    private static int SizeOf(Type t)
    {
        if (t.IsPointer) return IntPtr.Size;
        var dm = new DynamicMethod("size", typeof(int), Type.EmptyTypes, typeof(LayoutTests).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.Emit(OpCodes.Sizeof, t);
        il.Emit(OpCodes.Ret);
        return (int)dm.Invoke(null, null)!;
    }

    // The runtime's real field offset: &local.field - &local, computed by a dynamic method.
    private static long OffsetOf(Type owner, FieldInfo field)
    {
        var dm = new DynamicMethod("offset", typeof(long), Type.EmptyTypes, typeof(LayoutTests).Module, skipVisibility: true);
        var il = dm.GetILGenerator();
        il.DeclareLocal(owner);
        il.Emit(OpCodes.Ldloca_S, (byte)0);
        il.Emit(OpCodes.Ldflda, field);
        il.Emit(OpCodes.Ldloca_S, (byte)0);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Conv_I8);
        il.Emit(OpCodes.Ret);
        return (long)dm.Invoke(null, null)!;
    }

    private static Dictionary<string, ulong> CompileAndRun(string source)
    {
        var dir = Directory.CreateTempSubdirectory("disagg-kvm-layout-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "layout.c"), source);
            Tool.Run("gcc", "-O0 -o layout layout.c", dir.FullName);
            var output = Tool.Run(Path.Combine(dir.FullName, "layout"), "", dir.FullName);
            var result = new Dictionary<string, ulong>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                int space = line.LastIndexOf(' ');
                result[line[..space]] = ulong.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
