using System.Globalization;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Guest;

namespace Disagg.Cli;

/// <summary>Arguments of `disagg boot`, validated.</summary>
public sealed record BootOptions(DomainConfig Config, TimeSpan? Timeout)
{
    public static BootOptions Parse(string[] args)
    {
        string? kernel = null, cmdline = null, ramdisk = null;
        var type = GuestType.Pvh;
        int memory = 64, vcpus = 1;
        TimeSpan? timeout = null;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value");
            switch (a)
            {
                case "--type":
                    type = Value() switch
                    {
                        "pvh" => GuestType.Pvh,
                        "hvm" => GuestType.Hvm,
                        var t => throw new ArgumentException($"--type must be pvh or hvm, not '{t}'"),
                    };
                    break;
                case "--memory": memory = Int(a, Value()); break;
                case "--vcpus": vcpus = Int(a, Value()); break;
                case "--cmdline": cmdline = Value(); break;
                case "--ramdisk": ramdisk = Value(); break;
                case "--timeout": timeout = TimeSpan.FromSeconds(Int(a, Value())); break;
                default:
                    if (a.StartsWith('-')) throw new ArgumentException($"unknown option '{a}'");
                    if (kernel is not null) throw new ArgumentException($"more than one kernel given ('{kernel}', '{a}')");
                    kernel = a;
                    break;
            }
        }
        var usingTestGuest = kernel is null;
        kernel ??= GuestImages.TestKernel;
        cmdline ??= usingTestGuest ? "mode=suite" : "";
        var name = Path.GetFileNameWithoutExtension(kernel);
        return new BootOptions(new DomainConfig(name, type, kernel, memory, vcpus, cmdline, ramdisk), timeout);
    }

    static int Int(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n : throw new ArgumentException($"{option} needs a non-negative integer, not '{value}'");
}
