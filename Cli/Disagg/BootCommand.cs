using Disagg.Actors.Hypervisor;
using Disagg.Actors.Hypervisor.Builder;
using Disagg.Actors.Hypervisor.Domains;
using Disagg.Xen;

namespace Disagg.Cli;

/// <summary>`disagg boot`: one guest on an in-process core, its console on stdout, until it shuts down.</summary>
public static class BootCommand
{
    public static async Task<int> RunAsync(BootOptions options)
    {
        using var hv = new Hypervisor();
        var ended = new TaskCompletionSource<Domain>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Print what the guest writes as it writes it; core lines (creation, crash reasons) go to stderr.
        using var subscription = hv.Log.Subscribe(line =>
        {
            if (line.FromGuest) Console.Out.WriteLine(line.Text);
            else Console.Error.WriteLine(line.ToString());
        });
        Domain domain;
        try
        {
            domain = hv.CreateDomain(options.Config);
        }
        catch (Exception e) when (e is BuildException or ArgumentException or IOException)
        {
            Console.Error.WriteLine($"disagg boot: {e.Message}");
            return 1;
        }
        domain.StateChanged += d => { if (d.State != DomainState.Running) ended.TrySetResult(d); };
        if (domain.State != DomainState.Running) ended.TrySetResult(domain);

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var waitFor = options.Timeout ?? Timeout.InfiniteTimeSpan;
        try
        {
            await ended.Task.WaitAsync(waitFor, cancel.Token);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            Console.Error.WriteLine($"disagg boot: destroying '{domain.Name}' ({(e is TimeoutException ? "timeout" : "interrupted")})");
            hv.DestroyDomain(domain.Id);
            return 1;
        }
        var reason = domain.Shutdown;
        Console.Error.WriteLine($"disagg boot: '{domain.Name}' shut down: {reason?.ToString().ToLowerInvariant()}" +
            (domain.CrashReason is { } why ? $" ({why})" : ""));
        hv.DestroyDomain(domain.Id);
        return reason == ShutdownReason.Poweroff ? 0 : 1;
    }
}
