using Disagg.Xen;

namespace Disagg.Actors.Hypervisor.Domains;

/// <summary>A domain's HVM parameters (HVMOP_get_param / set_param), with Xen's access rules.</summary>
internal sealed class HvmParams
{
    /// <summary>HVM_NR_PARAMS of Xen 4.17.</summary>
    public const int Count = (int)HvmParam.Nr;

    readonly ulong[] _values = new ulong[Count];

    public ulong this[int index]
    {
        get => Volatile.Read(ref _values[index]);
        set => Volatile.Write(ref _values[index], value);
    }

    /// <summary>HVM_PARAM_CALLBACK_IRQ decoded: the vector when the type (bits 63:56) is 2 (vector), else 0.</summary>
    public byte CallbackVector
    {
        get
        {
            var v = this[(int)HvmParam.CallbackIrq];
            return (v >> HvmParam.CallbackTypeShift) == HvmParam.CallbackTypeVector ? (byte)v : (byte)0;
        }
    }
}
