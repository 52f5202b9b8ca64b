using System.Diagnostics;

namespace Disagg.Hypervisor.Tests.Builder;

/// <summary>Runs gcc/ld in a temp directory: builds the test kernels and the header probes the tests compare against.</summary>
static class Toolchain
{
    public static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"disagg-builder-{name}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string Run(string dir, string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {stderr}");
        return stdout.Result;
    }

    /// <summary>Compiles and runs a C program against the system headers, returning what it prints.</summary>
    public static string CompileAndRun(string name, string source)
    {
        var dir = TempDir(name);
        try
        {
            File.WriteAllText(Path.Combine(dir, "probe.c"), source);
            Run(dir, "gcc", "-Wall", "-o", "probe", "probe.c");
            return Run(dir, Path.Combine(dir, "probe"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Parses "name value" lines.</summary>
    public static Dictionary<string, long> Values(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', 2))
            .ToDictionary(p => p[0], p => long.Parse(p[1].Trim()));
}
