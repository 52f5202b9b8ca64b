using System.Runtime.CompilerServices;

namespace Disagg.Xen;

// Fixed-size C arrays inside ABI structs. Each is checked through the field that uses it.

/// <summary>uint8_t[7] padding.</summary>
[InlineArray(7)]
public struct Pad7 { private byte _element0; }

/// <summary>uint64_t[4] (vcpu_runstate_info.time).</summary>
[InlineArray(4)]
public struct RunstateTimes { private ulong _element0; }

/// <summary>xen_ulong_t[6] of a 64-bit multicall_entry.</summary>
[InlineArray(6)]
public struct MulticallArgs { private ulong _element0; }

/// <summary>xen_ulong_t[6] of an x86_32 multicall_entry.</summary>
[InlineArray(6)]
public struct MulticallArgs32 { private uint _element0; }

/// <summary>char[64] (xen_compile_info.compiler).</summary>
[InlineArray(64)]
public struct CChars64 { private byte _element0; }

/// <summary>char[32] (xen_compile_info.compile_domain, compile_date).</summary>
[InlineArray(32)]
public struct CChars32 { private byte _element0; }

/// <summary>char[16] (xen_compile_info.compile_by).</summary>
[InlineArray(16)]
public struct CChars16 { private byte _element0; }

/// <summary>uint16_t[3] padding (vcpu_hvm_x86_32.pad2).</summary>
[InlineArray(3)]
public struct Pad3x16 { private ushort _element0; }
