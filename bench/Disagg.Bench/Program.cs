using System.Diagnostics;
using System.Globalization;
using Disagg.Bench;

// Measures the core's figures for docs/benchmarks.md. Not a test: numbers depend on the machine.
// usage: dotnet run -c Release --project bench/Disagg.Bench [-- repetitions]
var repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
using var hv = new Disagg.Actors.Hypervisor.Hypervisor();
var timeout = TimeSpan.FromSeconds(60);
Console.WriteLine($"# Disagg core benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, {repetitions} repetitions");

// 1. create domain -> first console byte (the guest prints its first line as its first act).
var firstByte = new List<double>();
for (var i = 0; i < repetitions + 1; i++)
{
    using var g = new GuestProbe(hv, $"hello{i}", "mode=hello");
    var line = g.WaitFor("TESTGUEST", timeout);
    if (i > 0) firstByte.Add((line.TimestampNs - g.CreatedAtNs) / 1e6);   // first run warms the JIT
}
Report("create -> first console byte", firstByte, "ms");

// 2. hypercall round trip (xen_version) next to a bare port-I/O exit, same guest, same loop.
const int N = 2000;
var hypercall = new List<double>();
var portIo = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    using var g = new GuestProbe(hv, $"hc{i}", $"mode=bench-hypercall n={N}");
    var start = g.WaitFor("BENCH hc-start", timeout);
    var hcEnd = g.WaitFor("BENCH hc-end", timeout);
    var ioEnd = g.WaitFor("BENCH io-end", timeout);
    hypercall.Add((hcEnd.TimestampNs - start.TimestampNs) / 1e3 / N);
    portIo.Add((ioEnd.TimestampNs - hcEnd.TimestampNs) / 1e3 / N);
}
Report("hypercall round trip (xen_version, from the hypercall page)", hypercall, "us");
Report("bare port-I/O exit (outb to an unclaimed port), baseline", portIo, "us");

// 3. event channel send guest-to-guest: a ping-pong between two guests, one-way latency = round trip / 2.
const int Pings = 500;
var evtchn = new List<double>();
for (var i = 0; i < repetitions; i++)
{
    // Each side must name the other: give both domids up front, as a toolstack may (createdomain with a domid).
    ushort serverId = (ushort)(100 + 2 * i), clientId = (ushort)(101 + 2 * i);
    using var s = new GuestProbe(hv, $"server{i}", $"mode=evtchn-server peer={clientId} count={Pings}", serverId);
    var port = s.WaitFor("EVTCHN-PORT", timeout).Text.Split(' ')[1];
    using var c = new GuestProbe(hv, $"client{i}", $"mode=evtchn-client peer={serverId} port={port} count={Pings}", clientId);
    var begin = c.WaitFor("BENCH evtchn-start", timeout);
    var end = c.WaitFor("BENCH evtchn-end", timeout);
    evtchn.Add((end.TimestampNs - begin.TimestampNs) / 1e3 / Pings / 2);
}
Report("event channel send, guest to guest (one way, from a ping-pong)", evtchn, "us");

static void Report(string what, List<double> samples, string unit)
{
    samples.Sort();
    double P(double q) => samples[(int)Math.Min(samples.Count - 1, Math.Round(q * (samples.Count - 1)))];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{what}: median {P(0.5):F2} {unit}, min {samples[0]:F2}, p90 {P(0.9):F2} ({samples.Count} runs)"));
}
