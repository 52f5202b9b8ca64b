using System.Reflection;
using System.Runtime.InteropServices;
using Disagg.Xen;
using Xunit;

namespace Disagg.Hypervisor.Tests.Builder;

/// <summary>The C# declarations of start_info.h and elfnote.h against the real Xen headers, compiled by gcc.</summary>
public class XenHeaderLayoutTests
{
    static readonly Lazy<Dictionary<string, long>> Probe = new(() => Toolchain.Values(Toolchain.CompileAndRun("start-info", """
        #include <stdio.h>
        #include <stddef.h>
        #include <stdint.h>
        #include <xen/xen.h>
        #include <xen/elfnote.h>
        #include <xen/arch-x86/hvm/start_info.h>
        #define S(t) printf(#t " %zu\n", sizeof(struct t))
        #define O(t, f) printf(#t "." #f " %zu\n", offsetof(struct t, f))
        #define V(c) printf(#c " %lld\n", (long long)(c))
        int main(void)
        {
            S(hvm_start_info); S(hvm_modlist_entry); S(hvm_memmap_table_entry);
            O(hvm_start_info, magic); O(hvm_start_info, version); O(hvm_start_info, flags);
            O(hvm_start_info, nr_modules); O(hvm_start_info, modlist_paddr); O(hvm_start_info, cmdline_paddr);
            O(hvm_start_info, rsdp_paddr); O(hvm_start_info, memmap_paddr); O(hvm_start_info, memmap_entries);
            O(hvm_start_info, reserved);
            O(hvm_modlist_entry, paddr); O(hvm_modlist_entry, size); O(hvm_modlist_entry, cmdline_paddr);
            O(hvm_modlist_entry, reserved);
            O(hvm_memmap_table_entry, addr); O(hvm_memmap_table_entry, size); O(hvm_memmap_table_entry, type);
            O(hvm_memmap_table_entry, reserved);
            V(XEN_HVM_START_MAGIC_VALUE);
            V(XEN_HVM_MEMMAP_TYPE_RAM); V(XEN_HVM_MEMMAP_TYPE_RESERVED); V(XEN_HVM_MEMMAP_TYPE_ACPI);
            V(XEN_HVM_MEMMAP_TYPE_NVS); V(XEN_HVM_MEMMAP_TYPE_UNUSABLE); V(XEN_HVM_MEMMAP_TYPE_DISABLED);
            V(XEN_HVM_MEMMAP_TYPE_PMEM);
            V(XEN_ELFNOTE_INFO); V(XEN_ELFNOTE_ENTRY); V(XEN_ELFNOTE_HYPERCALL_PAGE); V(XEN_ELFNOTE_VIRT_BASE);
            V(XEN_ELFNOTE_PADDR_OFFSET); V(XEN_ELFNOTE_XEN_VERSION); V(XEN_ELFNOTE_GUEST_OS);
            V(XEN_ELFNOTE_GUEST_VERSION); V(XEN_ELFNOTE_LOADER); V(XEN_ELFNOTE_PAE_MODE); V(XEN_ELFNOTE_FEATURES);
            V(XEN_ELFNOTE_BSD_SYMTAB); V(XEN_ELFNOTE_HV_START_LOW); V(XEN_ELFNOTE_L1_MFN_VALID);
            V(XEN_ELFNOTE_SUSPEND_CANCEL); V(XEN_ELFNOTE_INIT_P2M); V(XEN_ELFNOTE_MOD_START_PFN);
            V(XEN_ELFNOTE_SUPPORTED_FEATURES); V(XEN_ELFNOTE_PHYS32_ENTRY); V(XEN_ELFNOTE_MAX);
            V(XEN_ELFNOTE_CRASH_INFO); V(XEN_ELFNOTE_CRASH_REGS); V(XEN_ELFNOTE_DUMPCORE_NONE);
            V(XEN_ELFNOTE_DUMPCORE_HEADER); V(XEN_ELFNOTE_DUMPCORE_XEN_VERSION);
            V(XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION);
            return 0;
        }
        """)));

    [Theory]
    [InlineData(typeof(hvm_start_info))]
    [InlineData(typeof(hvm_modlist_entry))]
    [InlineData(typeof(hvm_memmap_table_entry))]
    public void Struct_size_and_every_offset_match_the_header(Type t)
    {
        Assert.Equal(Probe.Value[t.Name], Marshal.SizeOf(t));
        var fields = t.GetFields(BindingFlags.Public | BindingFlags.Instance);
        Assert.NotEmpty(fields);
        foreach (var f in fields)
            Assert.Equal(Probe.Value[$"{t.Name}.{f.Name}"], (long)Marshal.OffsetOf(t, f.Name));
        // and the header has no field the C# side lacks
        Assert.Equal(Probe.Value.Keys.Count(k => k.StartsWith(t.Name + ".")), fields.Length);
    }

    [Theory]
    [InlineData(typeof(HvmStartInfo), "XEN_HVM_")]
    [InlineData(typeof(ElfNote), "XEN_ELFNOTE_")]
    public void Constants_match_the_header(Type t, string prefix)
    {
        var consts = t.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name.StartsWith(prefix) && f.FieldType != typeof(string)).ToList();
        Assert.Equal(Probe.Value.Keys.Count(k => k.StartsWith(prefix)), consts.Count);
        foreach (var f in consts)
            Assert.Equal(Probe.Value[f.Name], Convert.ToInt64(f.GetRawConstantValue()));
    }
}
