using System.Diagnostics;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>Runs a host tool (gcc, as, ld, objcopy, nm) and fails the test with its output on error.</summary>
internal static class Tool
{
    public static string Run(string file, string arguments, string workingDirectory)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {arguments} failed ({p.ExitCode}):\n{stderr.Result}\n{stdout}");
        return stdout;
    }
}
