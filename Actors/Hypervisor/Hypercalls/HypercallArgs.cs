namespace Disagg.Actors.Hypervisor.Hypercalls;

/// <summary>The five hypercall arguments (64-bit: rdi, rsi, rdx, r10, r8; 32-bit: ebx, ecx, edx, esi, edi).</summary>
public readonly record struct HypercallArgs(ulong A1, ulong A2, ulong A3, ulong A4, ulong A5);
