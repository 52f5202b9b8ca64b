namespace Disagg.Guest;

/// <summary>Paths of the test guest kernels that guest/Makefile builds.</summary>
public static class GuestImages
{
    /// <summary>The guest/ folder of the source tree this assembly was built from.</summary>
    public static string GuestDirectory { get; } = FindGuestDirectory();

    /// <summary>The test kernel: one ELF image that boots as PVH (PHYS32 note) and as HVM (e_entry).</summary>
    public static string TestKernel => Path.Combine(GuestDirectory, "build", "testguest.elf");

    /// <summary>The same test kernel built as a 32-bit guest (compat ABI).</summary>
    public static string TestKernel32 => Path.Combine(GuestDirectory, "build", "testguest32.elf");

    static string FindGuestDirectory()
    {
        // Walk up from the assembly to the repository root: works for bin/ of any project and for tests.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "guest", "Makefile");
            if (File.Exists(candidate)) return Path.GetDirectoryName(candidate)!;
        }
        throw new DirectoryNotFoundException(
            $"guest/Makefile not found above {AppContext.BaseDirectory}; run from a Disagg source tree");
    }
}
