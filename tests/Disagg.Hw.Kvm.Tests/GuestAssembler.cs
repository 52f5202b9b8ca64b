using System.Globalization;

namespace Disagg.Hw.Kvm.Tests;

/// <summary>A flat guest image and its symbols.</summary>
internal sealed record GuestImage(ulong Origin, byte[] Code, IReadOnlyDictionary<string, ulong> Symbols)
{
    public ulong this[string symbol] => Symbols[symbol];
}

/// <summary>Assembles a tiny guest (GNU as syntax, 32-bit unless the source says .code16/.code64) at test time.</summary>
internal static class GuestAssembler
{
    public static GuestImage Assemble(string source, ulong origin = 0x1000)
    {
        var dir = Directory.CreateTempSubdirectory("disagg-kvm-guest-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "g.S"), ".code32\n.text\n.globl _start\n" + source + "\n");
            Tool.Run("as", "--32 -o g.o g.S", dir.FullName);
            Tool.Run("ld", $"-m elf_i386 -N -e _start -Ttext=0x{origin:x} -o g.elf g.o", dir.FullName);
            Tool.Run("objcopy", "-O binary -j .text g.elf g.bin", dir.FullName);
            var symbols = new Dictionary<string, ulong>();
            foreach (var line in Tool.Run("nm", "g.elf", dir.FullName).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 3) symbols[parts[2]] = ulong.Parse(parts[0], NumberStyles.HexNumber);
            }
            return new GuestImage(origin, File.ReadAllBytes(Path.Combine(dir.FullName, "g.bin")), symbols);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
