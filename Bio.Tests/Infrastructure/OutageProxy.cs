using System.Net;
using System.Net.Sockets;

namespace Bio.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on loopback in front of a service, that a test can cut (every connection dropped, new ones
/// refused) and restore on the same port: a network outage, while the service behind it keeps its data.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource running = new();

    public OutageProxy(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        this.target = new IPEndPoint(IPAddress.Loopback, target.Port);
        Port = Ports.Free();
        Endpoint = new UriBuilder(target) { Port = Port }.Uri;
        Restore();
    }

    public int Port { get; }

    /// <summary>The target's address with the proxy's port (same path, so an Azurite account path stays).</summary>
    public Uri Endpoint { get; }

    public void Restore()
    {
        running = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _ = AcceptAsync(listener, running.Token);
    }

    public void Cut()
    {
        running.Cancel();
        listener?.Stop();
        lock (open)
        {
            foreach (var c in open)
            {
                c.Dispose();
            }

            open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await server.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = PipeAsync(client, ct);
        }
    }

    private async Task PipeAsync(TcpClient client, CancellationToken ct)
    {
        var upstream = new TcpClient();
        lock (open)
        {
            open.Add(client);
            open.Add(upstream);
        }

        try
        {
            await upstream.ConnectAsync(target, ct);
            var a = client.GetStream();
            var b = upstream.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, ct), b.CopyToAsync(a, ct));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // cut, or one side closed
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        running.Dispose();
        return ValueTask.CompletedTask;
    }
}
