using System.Runtime.CompilerServices;

namespace Disagg.Hw.Kvm.Native;

// Fixed-size arrays of the native structs (C arrays such as __u8 pad[36]).
#pragma warning disable CS0169, IDE0051 // the element field is the storage; it is never named

[InlineArray(3)] internal struct Array3<T> where T : unmanaged { private T _e; }
[InlineArray(4)] internal struct Array4<T> where T : unmanaged { private T _e; }
[InlineArray(5)] internal struct Array5<T> where T : unmanaged { private T _e; }
[InlineArray(6)] internal struct Array6<T> where T : unmanaged { private T _e; }
[InlineArray(7)] internal struct Array7<T> where T : unmanaged { private T _e; }
[InlineArray(8)] internal struct Array8<T> where T : unmanaged { private T _e; }
[InlineArray(12)] internal struct Array12<T> where T : unmanaged { private T _e; }
[InlineArray(16)] internal struct Array16<T> where T : unmanaged { private T _e; }
[InlineArray(30)] internal struct Array30<T> where T : unmanaged { private T _e; }
[InlineArray(36)] internal struct Array36<T> where T : unmanaged { private T _e; }
[InlineArray(64)] internal struct Array64<T> where T : unmanaged { private T _e; }
[InlineArray(1024)] internal struct Array1024<T> where T : unmanaged { private T _e; }
[InlineArray(2048)] internal struct Array2048<T> where T : unmanaged { private T _e; }
