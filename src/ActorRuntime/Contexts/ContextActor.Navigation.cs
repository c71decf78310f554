using ActorRuntime.Kernel;
using ActorRuntime.Manifest;

namespace ActorRuntime.Contexts;

/// <summary>
/// A page navigating (a submitted form's default action): as in a browser, the navigation happens as a later task, the
/// old page goes (its listeners, ports and objects with it) and the new one loads in its place, under the same label.
/// Pages of the extension load from its folder; a page outside the extension is not shown in an extension view, so the
/// view stays on its page and the console says where it would have gone.
/// </summary>
internal sealed partial class ContextActor
{
    /// <summary>Navigate this context's page to <see cref="Url"/> (counted as work until done).</summary>
    private sealed record NavigateTo(string Url) : Akka.Actor.INoSerializationVerificationNeeded;

    private void RequestNavigation(string url) => _extension.Work.Send(_self, new NavigateTo(url));

    private void Navigate(string url)
    {
        var realm = _realm!;
        var baseUrl = realm.Identity.BaseUrl;
        if (_info.Kind is ContextKind.ContentScript || !url.StartsWith(baseUrl, StringComparison.Ordinal))
        {
            realm.Log("warn", $"navigation to {url} was not followed: the runtime shows only the extension's own pages in its views");
            return;
        }
        var requested = url[baseUrl.Length..];
        var cut = requested.IndexOfAny(['?', '#']);
        string path;
        try
        {
            path = _extension.Package.Resolve(cut >= 0 ? requested[..cut] : requested);
        }
        catch (ManifestException ex)
        {
            realm.Log("error", $"navigation to {url} failed: {ex.Message}");
            return;
        }
        _timers.ClearAll();
        _requests.Abandon();
        ReleaseRealms();
        _info = _info with { Url = url };
        _source = ContextSource.Page(path);
        SetUpPage();
    }
}
