using ActorRuntime.Apis.Tabs;
using ActorRuntime.Apis.Toolbar;
using ActorRuntime.Browsing;
using ActorRuntime.Kernel;
using Akka.Actor;
using static ActorRuntime.Lifecycle.ExtensionSupervisor.Protocol;
using static ActorRuntime.Kernel.SupervisorSignals;

namespace ActorRuntime.Lifecycle;

/// <summary>
/// The extension's toolbar button clicked by the user (the harness): in the tab, the click grants <c>activeTab</c>, then
/// opens the popup the button has there, or fires its <c>onClicked(tab, info)</c>; and <c>openPopup()</c>.
/// </summary>
internal sealed partial class ExtensionSupervisor
{
    private void OnClickAction(ClickAction click)
    {
        if (ActionLook.Clickable(Manifest) is not { } spec)
        {
            Fail("manifest.json declares no toolbar button (action, browser_action or page_action)");
            return;
        }
        var tab = click.TabId is { } id ? _state.Browser.Tab(id) : _state.Browser.ActiveTab(incognito: false);
        if (tab is null || !TabJson.Visible(_state, tab.Incognito))
        {
            Fail(click.TabId is { } missing
                ? $"cannot click the toolbar button in tab {missing}: the browser has no such tab"
                : "cannot click the toolbar button: the browser has no tab open (open one first, e.g. with tab:<url>)");
            return;
        }
        var look = ActionLook.Of(_state, spec, tab.Id);
        if (!look.Enabled || !look.Shown)
        {
            Sender.Tell(new ActionIgnored(look.Enabled ? "the page action is not shown in that tab" : "the button is disabled in that tab"));
            return;
        }
        // The user invoked the extension in this tab: with activeTab it may now see and script it.
        if (Manifest.Permissions.Contains("activeTab")) _state.Browser.GrantActiveTab(_state.Package.Id, tab.Id);
        if (OpenPanelOnClick(tab)) return;
        if (look.PopupPath is { } popup)
        {
            OnOpenView(new OpenView("popup", tab.Incognito) { PopupPath = popup });
            return;
        }
        var seen = _state.Browser.Tab(tab.Id) ?? tab;
        var arguments = TabJson.Json(json =>
        {
            json.WriteStartArray();
            TabJson.WriteTab(json, _state, seen);
            // Firefox passes OnClickData too: no modifier key, the left button.
            if (_state.Flavor != Flavor.Chrome)
            {
                json.WriteStartObject();
                json.WriteStartArray("modifiers");
                json.WriteEndArray();
                json.WriteNumber("button", 0);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        });
        OnFireEvent(spec.Namespace + ".onClicked", arguments, Sender);
    }

    private void OnOpenPopup(OpenPopup open)
    {
        // A popup open already stays as it is: the call succeeds.
        if (_views.Contains("popup")) Sender.Tell(new ViewOpened("popup"));
        else OnOpenView(new OpenView("popup", open.IsPrivate) { PopupPath = open.Path });
    }
}
