using Xunit;

namespace Disagg.Tests;

/// <summary>A fact that needs /dev/kvm: skipped, saying why, only where the device is missing.</summary>
public sealed class RequiresKvmFactAttribute : FactAttribute
{
    public RequiresKvmFactAttribute()
    {
        if (!KvmAvailability.Usable(out var why)) Skip = why;
    }
}

/// <summary>A theory that needs /dev/kvm.</summary>
public sealed class RequiresKvmTheoryAttribute : TheoryAttribute
{
    public RequiresKvmTheoryAttribute()
    {
        if (!KvmAvailability.Usable(out var why)) Skip = why;
    }
}

static class KvmAvailability
{
    public static bool Usable(out string why)
    {
        why = "";
        if (!File.Exists("/dev/kvm")) { why = "RequiresKvm: /dev/kvm is missing on this machine"; return false; }
        try { using var f = File.Open("/dev/kvm", FileMode.Open, FileAccess.ReadWrite); return true; }
        catch (Exception e) { why = $"RequiresKvm: /dev/kvm cannot be opened ({e.Message})"; return false; }
    }
}
