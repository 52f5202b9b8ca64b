using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Xml.Linq;

namespace Disagg.Xen.Tests;

/// <summary>
/// What the C# side claims, read by reflection over Disagg.Xen plus its XML documentation: every public
/// constant, enum member, layout property and struct carries its C name or C expression as its summary.
/// </summary>
public static class AbiModel
{
    /// <summary>The assembly under test.</summary>
    public static readonly Assembly Assembly = typeof(XenErrno).Assembly;

    private static readonly Lazy<Dictionary<string, string>> Docs = new(LoadDocs);

    /// <summary>Public types of Disagg.Xen, nested ones included.</summary>
    public static IEnumerable<Type> PublicTypes =>
        Assembly.GetTypes().Where(t => t.Namespace == "Disagg.Xen" && (t.IsPublic || t.IsNestedPublic) && !IsForeign(t));

    /// <summary>
    /// Types from Xen/StartInfo*.cs and Xen/ElfNote*.cs, which another engineer owns and tests with C names as
    /// identifiers; recognised by name because reflection cannot see source files.
    /// </summary>
    public static bool IsForeign(Type t)
    {
        var top = t;
        while (top.DeclaringType is { } d) top = d;
        return top.Name.StartsWith("hvm_", StringComparison.Ordinal) || top.Name.StartsWith("ElfNote", StringComparison.Ordinal)
            || top.Name.StartsWith("HvmStartInfo", StringComparison.Ordinal) || top.Name.StartsWith("StartInfo", StringComparison.Ordinal);
    }

    /// <summary>The summary of a member, whitespace-normalised; null when undocumented.</summary>
    public static string? Summary(MemberInfo m)
    {
        var id = m switch
        {
            Type t => "T:" + DocName(t),
            FieldInfo f => "F:" + DocName(f.DeclaringType!) + "." + f.Name,
            PropertyInfo p => "P:" + DocName(p.DeclaringType!) + "." + p.Name,
            _ => throw new ArgumentException(m.ToString()),
        };
        return Docs.Value.TryGetValue(id, out var s) ? s : null;
    }

    private static string DocName(Type t) => t.FullName!.Replace('+', '.');

    private static Dictionary<string, string> LoadDocs()
    {
        var path = Path.ChangeExtension(Assembly.Location, ".xml");
        var doc = XDocument.Load(path);
        return doc.Descendants("member")
            .Where(e => e.Element("summary") is not null)
            .ToDictionary(
                e => (string)e.Attribute("name")!,
                e => string.Join(' ', e.Element("summary")!.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>A named number on the C# side: enum member or public constant.</summary>
    public sealed record Constant(string Owner, string Name, string CExpr, long Value, bool X86_32Only, bool BothAbis)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Owner}.{Name} = {CExpr}";
    }

    /// <summary>Every enum member and public const in Disagg.Xen.</summary>
    public static IEnumerable<Constant> Constants()
    {
        foreach (var t in PublicTypes)
        {
            var fields = t.IsEnum
                ? t.GetFields(BindingFlags.Public | BindingFlags.Static)
                : t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).ToArray();
            foreach (var f in fields)
            {
                var raw = f.GetRawConstantValue()!;
                if (raw is string) continue;
                var value = raw is ulong u ? unchecked((long)u) : Convert.ToInt64(raw);
                var only32 = f.Name.EndsWith("32", StringComparison.Ordinal) || IsTwin(t);
                yield return new Constant(t.Name, f.Name, Summary(f) ?? "", value, only32, t.Name.EndsWith("Layout", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Public non-InlineArray structs: the C layouts.</summary>
    public static IEnumerable<Type> Structs() =>
        PublicTypes.Where(t => t.IsValueType && !t.IsEnum && t.GetCustomAttribute<InlineArrayAttribute>() is null);

    /// <summary>A struct that is the x86_32 twin of another one (suffix 32, or nested in such a twin).</summary>
    public static bool IsTwin(Type t)
    {
        if (t.DeclaringType is { } outer) return IsTwin(outer);
        return t.Name.EndsWith("32", StringComparison.Ordinal) && t.IsValueType
            && Assembly.GetType(t.FullName![..^2]) is not null;
    }

    /// <summary>The twin of a 64-bit struct, if any.</summary>
    public static Type? TwinOf(Type t) => t.DeclaringType is { } outer
        ? TwinOf(outer)?.GetNestedType(t.Name)
        : Assembly.GetType(t.FullName + "32");

    /// <summary>The C type a struct's summary names: "struct x" or "struct x.member.member" for anonymous parts.</summary>
    public static string CType(Type t)
    {
        var s = Summary(t) ?? throw new InvalidOperationException($"{t} has no summary");
        var dot = s.IndexOf('.');
        return dot < 0 ? s : $"__typeof__((({s[..dot]} *)0)->{s[(dot + 1)..]})";
    }

    /// <summary>One C expression and the value C# claims for it.</summary>
    /// <remarks>OnlyForScalars: a signedness probe, which does not compile where C has a struct (a guest handle).</remarks>
    public sealed record Claim(string What, string CExpr, long Value, bool OnlyForScalars = false);

    /// <summary>sizeof, and per field offsetof, sizeof and signedness, of a struct.</summary>
    public static IEnumerable<Claim> LayoutClaims(Type t)
    {
        var c = CType(t);
        yield return new Claim($"sizeof {t.Name}", $"sizeof({c})", SizeOf(t));
        foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            var member = $"(({c} *)0)->{f.Name}";
            yield return new Claim($"{t.Name}.{f.Name} offset", $"offsetof({c}, {f.Name})", (long)Marshal.OffsetOf(t, f.Name));
            yield return new Claim($"{t.Name}.{f.Name} size", $"sizeof({member})", SizeOf(f.FieldType));
            var prim = f.FieldType.IsEnum ? Enum.GetUnderlyingType(f.FieldType) : f.FieldType;
            if (prim.IsPrimitive)
            {
                var signed = prim == typeof(sbyte) || prim == typeof(short) || prim == typeof(int) || prim == typeof(long);
                yield return new Claim($"{t.Name}.{f.Name} signedness", $"((__typeof__({member}))-1 < 0)", signed ? 1 : 0, OnlyForScalars: true);
            }
        }
    }

    /// <summary>Managed size of a blittable type.</summary>
    public static int SizeOf(Type t) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(t).Invoke(null, null)!;

    /// <summary>Offset tables: classes with X64 and X86_32 instances of themselves.</summary>
    public static IEnumerable<(Type Type, string Instance, CAbi Abi, object Layout)> LayoutTables()
    {
        foreach (var t in PublicTypes.Where(t => t.IsClass))
            foreach (var (name, abi) in new[] { ("X64", CAbi.X64), ("X86_32", CAbi.X86_32) })
                if (t.GetField(name, BindingFlags.Public | BindingFlags.Static) is { } f && f.FieldType == t)
                    yield return (t, name, abi, f.GetValue(null)!);
    }

    /// <summary>The int properties of an offset table and their C expressions.</summary>
    public static IEnumerable<Claim> TableClaims(Type t, object layout) =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new Claim($"{t.Name}.{p.Name}", Summary(p) ?? "", (int)p.GetValue(layout)!));
}
