using System.Net;
using System.Net.Sockets;

namespace ActorRuntime.Tests.Support;

/// <summary>
/// Ports for processes a spec starts, below the system's ephemeral range (32768 and up on Linux): a port picked there
/// and freed could be handed to any other socket the suite opens (port 0) before the process binds it. Each is taken
/// once per test run, in turn, and checked free.
/// </summary>
public static class TestPorts
{
    private const int First = 20_000;
    private const int Last = 32_000;
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port nobody listens on now, not handed out before in this run.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (int)((uint)Interlocked.Increment(ref _next) % (Last - First));
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }
        throw new InvalidOperationException($"no free port from {First} to {Last}");
    }
}
