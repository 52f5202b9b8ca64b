namespace Disagg.Cli;

/// <summary>`disagg`: the host launcher. `boot` runs one guest on the hypervisor core in this process.</summary>
/// <remarks>`up`, `down`, `status` and `logs` (the process topology) arrive with the topology work.</remarks>
public static class DisaggCommand
{
    public const string Usage = """
        usage: disagg boot [KERNEL] [options]   boot one guest and show its console until it shuts down
          --type pvh|hvm        guest type (default pvh)
          --memory MIB          RAM in MiB (default 64)
          --vcpus N             vCPUs (default 1)
          --cmdline TEXT        kernel command line (PVH; default: mode=suite for the test guest)
          --ramdisk FILE        ramdisk module (PVH)
          --timeout SECONDS     destroy the guest if it is still running then (default: none)
        KERNEL defaults to the project's test guest (guest/build/testguest.elf).
        exit status: 0 when the guest powers off, 1 on any other shutdown or crash, 2 on bad arguments.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] != "boot")
        {
            Console.Error.WriteLine($"disagg: unknown command '{args[0]}'");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        BootOptions options;
        try { options = BootOptions.Parse(args[1..]); }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"disagg boot: {e.Message}");
            return 2;
        }
        return await BootCommand.RunAsync(options);
    }
}
