using ActorRuntime.Kernel;
using ActorRuntime.Lifecycle;
using Akka.Actor;

namespace ActorRuntime.Tests.Lifecycle;

/// <summary>Which open views keep a Chromium event page alive, decided by the kind of each view, never by its label.</summary>
public class OpenViewsTests : Akka.TestKit.Xunit2.TestKit
{
    private static ContextInfo View(string label, ContextKind kind, bool isPrivate = false) => new(label, kind, isPrivate, "moz-extension://x/" + label);

    [Fact]
    public void Every_view_but_side_panels_and_content_scripts_keeps_the_page_alive()
    {
        var views = new OpenViews();
        views.Add(View("popup", ContextKind.Popup), ActorRefs.Nobody);
        views.Add(View("options", ContextKind.Options), ActorRefs.Nobody);
        views.Add(View("page:tab.html", ContextKind.Tab), ActorRefs.Nobody);
        views.Add(View("sidebar", ContextKind.Sidebar), ActorRefs.Nobody);
        views.Add(View("content:https://example.com/", ContextKind.ContentScript), ActorRefs.Nobody);
        // A label that merely looks like a side panel's is counted by what it is.
        views.Add(View("page:sidebar", ContextKind.Tab), ActorRefs.Nobody);
        Assert.Equal(4, views.KeepingAlive(splitProfiles: false, isPrivate: false));
    }

    [Fact]
    public void With_split_profiles_only_the_backgrounds_own_profile_counts()
    {
        var views = new OpenViews();
        views.Add(View("popup", ContextKind.Popup), ActorRefs.Nobody);
        views.Add(View("options", ContextKind.Options, isPrivate: true), ActorRefs.Nobody);
        Assert.Equal(2, views.KeepingAlive(splitProfiles: false, isPrivate: false));
        Assert.Equal(1, views.KeepingAlive(splitProfiles: true, isPrivate: false));
        Assert.Equal(1, views.KeepingAlive(splitProfiles: true, isPrivate: true));
    }

    [Fact]
    public void A_view_removed_by_its_label_or_its_actor_is_forgotten()
    {
        var views = new OpenViews();
        views.Add(View("popup", ContextKind.Popup), ActorRefs.Nobody);
        var options = CreateTestProbe().Ref;
        views.Add(View("options", ContextKind.Options), options);
        Assert.True(views.Remove("popup", out _));
        Assert.False(views.Contains("popup"));
        Assert.Equal(["options"], views.RemoveActor(options));
        Assert.Equal(0, views.Count);
    }
}
