using System.Net;
using System.Net.Sockets;
using Akka.Configuration;

namespace ActorRuntime.Cluster;

/// <summary>
/// A port another process listens on, refused before anything starts: Akka, Kestrel or the management endpoint would find
/// it only while starting, and report it in several log lines before the host gives up.
/// </summary>
internal static class PortProbe
{
    /// <summary>Throws one <see cref="ConfigurationException"/> line naming <paramref name="setting"/> when the port is taken.</summary>
    public static void RefuseInUse(string bindAddress, int port, string setting)
    {
        if (port == 0) return;
        try
        {
            var address = IPAddress.TryParse(bindAddress, out var parsed) ? parsed : Dns.GetHostAddresses(bindAddress)[0];
            var probe = new TcpListener(address, port);
            probe.Start();
            probe.Stop();
        }
        catch (SocketException ex)
        {
            throw new ConfigurationException($"{setting} {port}: cannot listen on {bindAddress}:{port}: {ex.Message}");
        }
    }
}
