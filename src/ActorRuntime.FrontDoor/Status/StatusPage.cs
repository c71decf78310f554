using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ActorRuntime.Cluster;
using static ActorRuntime.Cluster.NodeStatusProtocol;

namespace ActorRuntime.FrontDoor.Status;

/// <summary>
/// The status page's HTML, rendered on the server so that its first response already lists everything; its script
/// (<see cref="StatusPageAssets"/>) renders the same sections again from <c>/status.json</c>. Everything that comes from
/// the cluster (above all what extensions print) is HTML-encoded here and set as text by the script, never as markup.
/// </summary>
internal static class StatusPage
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    private static string E(string? text) => Encoder.Encode(text ?? "");

    public static string Render(ClusterStatusView view, TimeSpan refresh, string nonce)
    {
        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>ActorRuntime status</title><style>").Append(StatusPageAssets.Css).Append("</style></head><body>");
        html.Append("<header><h1>ActorRuntime</h1><p>seen from <code id=\"self\">").Append(E(view.Self))
            .Append("</code> · updated <time id=\"updated\">").Append(Time(view.At)).Append("</time> <span id=\"live\" class=\"live\">live</span></p></header><main>");
        html.Append("<section><h2>Members</h2><table id=\"members\"><thead><tr><th>address</th><th>status</th><th>reachable</th><th>roles</th><th></th></tr></thead><tbody>");
        foreach (var member in view.Members) Member(html, member);
        html.Append("</tbody></table></section>");
        html.Append("<section><h2>Activations and wakes</h2><div id=\"activity\">");
        Activity(html, view);
        html.Append("</div></section>");
        html.Append("<section><h2>Extensions</h2><div id=\"nodes\">");
        foreach (var node in view.Nodes) Node(html, node);
        if (view.Nodes.Count == 0) html.Append("<p class=\"empty\">no node hosting extensions is up</p>");
        html.Append("</div></section>");
        html.Append("<section><h2>Errors</h2><ol id=\"errors\" class=\"lines\">");
        Lines(html, view.Nodes.SelectMany(node => node.Report?.Errors ?? []));
        html.Append("</ol></section>");
        html.Append("<section><h2>Console</h2><ol id=\"console\" class=\"lines\">");
        Lines(html, view.Nodes.SelectMany(node => node.Report?.Console ?? []));
        html.Append("</ol></section></main>");
        html.Append("<script nonce=\"").Append(E(nonce)).Append("\">const refreshMs = ")
            .Append(((long)refresh.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)).Append(";\n")
            .Append(StatusPageAssets.Script).Append("</script></body></html>");
        return html.ToString();
    }

    /// <summary>UTC, to the second: the page's script writes times the same way.</summary>
    internal static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static void Member(StringBuilder html, MemberView member)
    {
        html.Append("<tr data-member=\"").Append(E(member.Address)).Append("\"><td><code>").Append(E(member.Address)).Append("</code></td>")
            .Append("<td><span class=\"status status-").Append(E(member.Status.ToLowerInvariant())).Append("\">").Append(E(member.Status)).Append("</span></td>")
            .Append("<td>").Append(member.Reachable ? "yes" : "<span class=\"bad\">unreachable</span>").Append("</td>")
            .Append("<td>").Append(E(string.Join(", ", member.Roles))).Append("</td><td>")
            .Append(E(string.Join(" ", new[] { member.IsLeader ? "leader" : null, member.IsSelf ? "this node" : null }.OfType<string>())))
            .Append("</td></tr>");
    }

    private static void Activity(StringBuilder html, ClusterStatusView view)
    {
        var minutes = Minutes(view);
        var peak = Math.Max(1, minutes.Max(minute => (int?)Math.Max(minute.Activations, minute.Wakes)) ?? 0);
        html.Append("<div class=\"chart\">");
        foreach (var minute in minutes)
        {
            html.Append("<div class=\"col\" title=\"").Append(Time(minute.Minute)[..5]).Append(" UTC: ").Append(minute.Activations).Append(" activations, ")
                .Append(minute.Wakes).Append(" wakes\"><div class=\"bars\"><div class=\"bar act\" style=\"height:")
                .Append(Percent(minute.Activations, peak)).Append("%\"></div><div class=\"bar wake\" style=\"height:")
                .Append(Percent(minute.Wakes, peak)).Append("%\"></div></div><span>").Append(Time(minute.Minute)[..5]).Append("</span></div>");
        }
        html.Append("</div><p class=\"totals\"><span class=\"key act\"></span> <span id=\"activations\">").Append(minutes.Sum(minute => minute.Activations))
            .Append("</span> activations · <span class=\"key wake\"></span> <span id=\"wakes\">").Append(minutes.Sum(minute => minute.Wakes))
            .Append("</span> wakes over the last ").Append(minutes.Count).Append(" minutes</p>");
    }

    private static int Percent(int value, int peak) => value * 100 / peak;

    /// <summary>Every node's minutes added up, oldest first.</summary>
    internal static IReadOnlyList<MinuteActivity> Minutes(ClusterStatusView view) =>
        view.Nodes.SelectMany(node => node.Report?.Activity ?? [])
            .GroupBy(minute => minute.Minute)
            .OrderBy(group => group.Key)
            .Select(group => new MinuteActivity(group.Key, group.Sum(minute => minute.Activations), group.Sum(minute => minute.Wakes)))
            .ToList();

    private static void Node(StringBuilder html, NodeView node)
    {
        html.Append("<article class=\"node\" data-node=\"").Append(E(node.Address)).Append("\"><h3><code>").Append(E(node.Address)).Append("</code></h3>");
        if (node.Report is not { } report)
        {
            html.Append("<p class=\"bad\">").Append(E(node.Problem)).Append("</p></article>");
            return;
        }
        html.Append("<p class=\"summary\">").Append(E(Summary(report))).Append("</p>");
        html.Append("<table class=\"extensions\"><thead><tr><th>extension</th><th>phase</th><th>contexts</th><th>wakes</th><th>since</th></tr></thead><tbody>");
        foreach (var extension in report.Extensions)
        {
            html.Append("<tr data-extension=\"").Append(E(extension.Id)).Append("\"><td class=\"id\">").Append(E(extension.Id)).Append("</td>")
                .Append("<td><span class=\"phase phase-").Append(E(extension.Phase.Replace(' ', '-'))).Append("\">").Append(E(extension.Phase)).Append("</span></td>")
                .Append("<td class=\"contexts\">").Append(E(string.Join(", ", extension.Contexts))).Append("</td>")
                .Append("<td>").Append(extension.Wakes).Append("</td><td>").Append(Time(extension.ActiveSince)).Append("</td></tr>");
        }
        if (report.Extensions.Count == 0) html.Append("<tr><td colspan=\"5\" class=\"empty\">no extension active on this node</td></tr>");
        html.Append("</tbody></table></article>");
    }

    /// <summary>
    /// A node's counts, and what its report left out for its bounds (<c>actorruntime.status</c>): the page's script writes
    /// the same sentence.
    /// </summary>
    internal static string Summary(NodeStatusReport report)
    {
        var summary = new StringBuilder().Append(report.Installed).Append(" installed · ").Append(report.Active).Append(" active");
        if (report.Unloaded > 0) summary.Append(" · ").Append(report.Unloaded).Append(" unloaded");
        if (report.NotListed > 0) summary.Append(" · ").Append(report.NotListed).Append(" more extensions not listed");
        if (report.LinesLeftOut > 0) summary.Append(" · ").Append(report.LinesLeftOut).Append(" older lines left out");
        return summary.ToString();
    }

    /// <summary>The lines of every node in the order they were printed (by time, then node order), the most recent last.</summary>
    private static void Lines(StringBuilder html, IEnumerable<StatusLine> lines)
    {
        foreach (var line in lines.OrderBy(line => line.At).TakeLast(MaxLinesShown))
        {
            html.Append("<li class=\"line level-").Append(LevelClass(line.Level)).Append("\"><time>").Append(Time(line.At)).Append("</time> ")
                .Append("<span class=\"ext\">").Append(E(line.ExtensionId)).Append("</span> <span class=\"label\">[").Append(E(line.Label)).Append("]</span> ")
                .Append("<span class=\"text\">").Append(E(line.Text)).Append("</span></li>");
        }
    }

    /// <summary>The most lines a list shows, all nodes together (each node keeps its own, bounded by HOCON).</summary>
    internal const int MaxLinesShown = 500;

    /// <summary>A class for the levels the runtime prints; anything else an extension might make up is "other".</summary>
    internal static string LevelClass(string level) => level is "log" or "info" or "warn" or "error" or "debug" or "trace" ? level : "other";
}
