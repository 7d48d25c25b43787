using System.Net;
using System.Net.Sockets;

namespace Vigil.Web.Tests.Infrastructure;

/// <summary>A TCP proxy on a free loopback port in front of PostgreSQL, which a test cuts as a network fault looks to a
/// node: every forwarded connection is reset, and new ones are accepted but never answered (a black hole: the node's
/// connect timeout, not a quick refusal, is what ends its wait). Restored, it forwards again; what it held is reset.</summary>
public sealed class CuttableProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly DnsEndPoint target;
    private readonly CancellationTokenSource stop = new();
    private readonly HashSet<Socket> open = [];
    private readonly Task accepting;
    private bool cut;

    public CuttableProxy(string host, int port)
    {
        target = new DnsEndPoint(host, port);
        listener.Start();
        accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Resets every connection through the proxy and black-holes new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (open)
        {
            cut = true;
            ResetAll();
        }
    }

    public void Restore()
    {
        lock (open)
        {
            cut = false;
            ResetAll(); // the connections accepted into the black hole
        }
    }

    private void ResetAll()
    {
        foreach (var socket in open) Reset(socket);
        open.Clear();
    }

    private static void Reset(Socket socket)
    {
        try { socket.LingerState = new LingerOption(true, 0); } catch (SocketException) { /* already gone */ } catch (ObjectDisposedException) { }
        socket.Dispose(); // with no linger: a reset, as a vanished network path looks once anything is sent
    }

    /// <summary>Tracks a socket of the proxy's; false (and the socket reset) when the proxy is cut.</summary>
    private bool Track(Socket socket, bool holdWhenCut = false)
    {
        lock (open)
        {
            if (cut && !holdWhenCut)
            {
                Reset(socket);
                return false;
            }
            open.Add(socket);
            return !cut;
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(stop.Token); }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            if (Track(client, holdWhenCut: true)) _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await server.ConnectAsync(target, stop.Token);
            if (!Track(server)) return;
            await Task.WhenAny(CopyAsync(client, server), CopyAsync(server, client));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // cut, stopped, or the database refused
        }
        finally
        {
            Forget(client);
            Forget(server);
        }
    }

    private void Forget(Socket socket)
    {
        lock (open) open.Remove(socket);
        socket.Dispose();
    }

    private async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (read == 0) return;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // one side went: the other is closed by the caller
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        await accepting;
        lock (open) ResetAll();
        stop.Dispose();
    }
}
