using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Disagg.Xen.Tests;

/// <summary>The C compilations an expression can be evaluated in.</summary>
public enum CAbi
{
    /// <summary>gcc -m64 -D__XEN_TOOLS__: the 64-bit guest ABI plus the tools-only headers.</summary>
    X64,
    /// <summary>gcc -m32 -ffreestanding with the latest guest interface: the x86_32 guest ABI.</summary>
    X86_32,
}

/// <summary>
/// Evaluates C constant expressions against the real Xen headers without running C code: each expression
/// becomes a record in a data section of an object file (gcc -c), read back with objcopy. This works for
/// -m32 too, where there is no 32-bit libc to link against.
/// </summary>
public static class CHeaderProbe
{
    private const int KeyBytes = 248; // record = char[248] + long long: 256 bytes in both ABIs

    private static readonly string[] GuestHeaders =
    [
        "xen/xen.h", "xen/event_channel.h", "xen/grant_table.h", "xen/memory.h", "xen/hvm/hvm_op.h",
        "xen/hvm/params.h", "xen/sched.h", "xen/vcpu.h", "xen/version.h", "xen/features.h", "xen/physdev.h",
        "xen/platform.h", "xen/callback.h", "xen/arch-x86/cpuid.h", "xen/arch-x86/xen-mca.h", "xen/hvm/hvm_vcpu.h",
    ];

    private static readonly string[] ToolsHeaders = ["xen/domctl.h", "xen/sysctl.h", "xenctrl.h", "xenguest.h"];

    // Facts that live in Xen's tools source rather than in an installed header
    // (tools/libs/guest/xg_dom_x86.c, Xen 4.17).
    private const string ToolsSourceFacts = """
        #define SPECIALPAGE_PAGING   0
        #define SPECIALPAGE_ACCESS   1
        #define SPECIALPAGE_SHARING  2
        #define SPECIALPAGE_BUFIOREQ 3
        #define SPECIALPAGE_XENSTORE 4
        #define SPECIALPAGE_IOREQ    5
        #define SPECIALPAGE_IDENT_PT 6
        #define SPECIALPAGE_CONSOLE  7
        #define special_pfn(x) (X86_HVM_END_SPECIAL_REGION - X86_HVM_NR_SPECIAL_PAGES + (x))
        #define NR_IOREQ_SERVER_PAGES 8
        """;

    /// <summary>True when gcc and objcopy are available.</summary>
    public static bool ToolsPresent => File.Exists("/usr/bin/gcc") && File.Exists("/usr/bin/objcopy") && Directory.Exists("/usr/include/xen");

    /// <summary>Evaluates expressions; those that do not compile in this ABI are absent from the result.</summary>
    public static IReadOnlyDictionary<string, long> Evaluate(CAbi abi, IEnumerable<string> expressions)
    {
        var pending = expressions.Distinct().ToList();
        foreach (var e in pending)
            if (Encoding.UTF8.GetByteCount(e) >= KeyBytes) throw new ArgumentException($"expression too long: {e}");
        var dir = Directory.CreateTempSubdirectory("disagg-xen-abi-");
        try
        {
            for (var round = 0; round < 50; round++)
            {
                var (source, firstLine) = Source(abi, pending);
                var c = Path.Combine(dir.FullName, "probe.c");
                var o = Path.Combine(dir.FullName, "probe.o");
                File.WriteAllText(c, source);
                var (rc, err) = Run("gcc", [.. Flags(abi), "-fmax-errors=0", "-w", "-c", c, "-o", o]);
                if (rc == 0) return Read(dir.FullName, o);
                var bad = Regex.Matches(err, @"probe\.c:(\d+):\d+: error")
                    .Select(m => int.Parse(m.Groups[1].Value) - firstLine)
                    .Where(i => i >= 0 && i < pending.Count).Distinct().ToHashSet();
                if (bad.Count == 0) throw new InvalidOperationException($"probe does not compile ({abi}):\n{err}");
                pending = pending.Where((_, i) => !bad.Contains(i)).ToList();
            }
            throw new InvalidOperationException("probe did not converge");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>All object-like macros the headers define in this ABI (gcc -dM -E), name to body.</summary>
    public static IReadOnlyDictionary<string, string> Macros(CAbi abi)
    {
        var dir = Directory.CreateTempSubdirectory("disagg-xen-macros-");
        try
        {
            var c = Path.Combine(dir.FullName, "m.c");
            File.WriteAllText(c, Includes(abi));
            var (rc, output) = Run("gcc", [.. Flags(abi), "-dM", "-E", c], stdout: true);
            if (rc != 0) throw new InvalidOperationException(output);
            var result = new Dictionary<string, string>();
            foreach (Match m in Regex.Matches(output, @"^#define ([A-Za-z_]\w*)(?: (.*))?$", RegexOptions.Multiline))
                result[m.Groups[1].Value] = m.Groups[2].Value;
            return result;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string[] Flags(CAbi abi) => abi == CAbi.X64
        ? ["-m64", "-D__XEN_TOOLS__"]
        : ["-m32", "-ffreestanding", "-D__XEN_INTERFACE_VERSION__=0x00040e00"];

    private static string Includes(CAbi abi)
    {
        var sb = new StringBuilder("#include <stdint.h>\n#include <stddef.h>\n");
        foreach (var h in abi == CAbi.X64 ? [.. GuestHeaders, .. ToolsHeaders] : GuestHeaders)
            sb.Append("#include <").Append(h).Append(">\n");
        sb.Append("#include <xen/errno.h>\n");
        sb.Append(abi == CAbi.X64 ? ToolsSourceFacts : "").Append('\n');
        return sb.ToString();
    }

    private static (string Source, int FirstLine) Source(CAbi abi, List<string> expressions)
    {
        var sb = new StringBuilder(Includes(abi));
        sb.Append($"struct rec {{ char k[{KeyBytes}]; long long v; }};\n");
        sb.Append("__attribute__((used, section(\".xenabi\"))) const struct rec xen_abi_errno[] = {\n");
        sb.Append("#define XEN_ERRNO(name, value) { \"XEN_\" #name, value },\n#include <xen/errno.h>\n};\n");
        sb.Append("__attribute__((used, section(\".xenabi\"))) const struct rec xen_abi_probe[] = {\n");
        var firstLine = sb.ToString().Count(ch => ch == '\n') + 1;
        foreach (var e in expressions)
            sb.Append("{ \"").Append(e.Replace("\\", "\\\\").Replace("\"", "\\\"")).Append("\", (long long)(").Append(e).Append(") },\n");
        sb.Append("};\n");
        return (sb.ToString(), firstLine);
    }

    private static Dictionary<string, long> Read(string dir, string obj)
    {
        var bin = Path.Combine(dir, "probe.bin");
        var (rc, err) = Run("objcopy", ["-O", "binary", "--only-section=.xenabi", obj, bin]);
        if (rc != 0) throw new InvalidOperationException(err);
        var bytes = File.ReadAllBytes(bin);
        var result = new Dictionary<string, long>();
        for (var off = 0; off + KeyBytes + 8 <= bytes.Length; off += KeyBytes + 8)
        {
            var key = Encoding.UTF8.GetString(bytes, off, Array.IndexOf(bytes, (byte)0, off) - off);
            if (key.Length > 0) result[key] = BitConverter.ToInt64(bytes, off + KeyBytes);
        }
        return result;
    }

    private static (int Rc, string Output) Run(string file, string[] args, bool stdout = false)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var outTask = p.StandardOutput.ReadToEndAsync();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout ? outTask.Result + err : err);
    }
}
