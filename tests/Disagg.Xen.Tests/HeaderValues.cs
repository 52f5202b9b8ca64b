namespace Disagg.Xen.Tests;

/// <summary>Every C expression the C# side mentions, evaluated once per ABI against the real headers.</summary>
public static class HeaderValues
{
    /// <summary>
    /// Constants defined only under __XEN__ (the hypervisor's own build), whose headers cannot be compiled
    /// outside Xen's tree; they are checked against the header text instead.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, (string Header, string Pattern)> XenInternal =
        new Dictionary<string, (string, string)>
        {
            ["EVTCHNOP_reset_cont"] = ("event_channel.h", @"#define EVTCHNOP_reset_cont\s+(\d+)"),
            ["XEN_DOMCTL_soft_reset_cont"] = ("domctl.h", @"#define XEN_DOMCTL_soft_reset_cont\s+(\d+)"),
            ["XEN_ERESTART"] = ("errno.h", @"XEN_ERRNO\(ERESTART,\s*(\d+)\)"),
            ["XEN_EINTR"] = ("errno.h", @"XEN_ERRNO\(EINTR,\s*(\d+)\)"),
        };

    private static readonly Lazy<IReadOnlyDictionary<string, long>> X64 = new(() => Load(CAbi.X64));
    private static readonly Lazy<IReadOnlyDictionary<string, long>> X86_32 = new(() => Load(CAbi.X86_32));

    /// <summary>Values in one ABI.</summary>
    public static IReadOnlyDictionary<string, long> For(CAbi abi) => abi == CAbi.X64 ? X64.Value : X86_32.Value;

    private static IReadOnlyDictionary<string, long> Load(CAbi abi)
    {
        var exprs = AbiModel.Constants().Select(c => c.CExpr)
            .Concat(AbiModel.Structs().SelectMany(AbiModel.LayoutClaims).Select(c => c.CExpr))
            .Concat(AbiModel.LayoutTables().SelectMany(l => AbiModel.TableClaims(l.Type, l.Layout)).Select(c => c.CExpr))
            .Concat(ExtraExpressions)
            .Where(e => e.Length > 0);
        var values = new Dictionary<string, long>(CHeaderProbe.Evaluate(abi, exprs));
        if (abi == CAbi.X64)
            foreach (var (name, (header, pattern)) in XenInternal)
            {
                var m = System.Text.RegularExpressions.Regex.Match(File.ReadAllText("/usr/include/xen/" + header), pattern);
                if (m.Success) values.TryAdd(name, long.Parse(m.Groups[1].Value));
            }
        return values;
    }

    /// <summary>Expressions used by hand-written tests.</summary>
    public static readonly string[] ExtraExpressions =
    [
        "special_pfn(SPECIALPAGE_XENSTORE)", "special_pfn(SPECIALPAGE_CONSOLE)", "special_pfn(0)",
        "(special_pfn(0) - NR_IOREQ_SERVER_PAGES + 0)",
        "HVM_PARAM_CALLBACK_IRQ_TYPE_MASK >> 56",
    ];
}
