using ActorRuntime.Apis.WebRequest;

namespace ActorRuntime.Tests.Apis;

/// <summary>How the blocking answers of several extensions to one event merge, per flavour (no runtime: the merge alone).</summary>
public class CrossExtensionAnswersSpec
{
    private static readonly List<KeyValuePair<string, string>> Original = [new("Accept", "*/*"), new("Cookie", "a=1")];

    private static BlockingAnswer Headers(params (string Name, string Value)[] headers) =>
        new() { RequestHeaders = headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)).ToList() };

    private static (string Headers, List<string> Ignored) Merge(Flavor flavor, params BlockingAnswer[] oldestFirst)
    {
        var ignored = new List<string>();
        var merged = CrossExtensionAnswers.Merge(flavor, "onBeforeSendHeaders", oldestFirst.Select((a, i) => new PartyAnswer(i, a)).ToList(), Original, [],
            (party, action) => ignored.Add($"{party} {action}"));
        return (string.Join(' ', merged.RequestHeaders!.Select(h => h.Key + "=" + h.Value)), ignored);
    }

    [Fact]
    public void Firefox_applies_each_extensions_changes_to_the_original_headers_in_turn()
    {
        // The first drops Cookie and adds X-A; the second keeps Cookie (unchanged: no change) and sets Accept.
        var (headers, ignored) = Merge(Flavor.Firefox, Headers(("Accept", "*/*"), ("X-A", "1")), Headers(("Accept", "text/html"), ("Cookie", "a=1")));
        Assert.Equal("Accept=text/html X-A=1", headers);
        Assert.Empty(ignored);
    }

    [Fact]
    public void Chromium_ignores_all_changes_of_an_older_extension_that_touch_a_header_a_newer_one_changed()
    {
        // The newer (second) removes Cookie; the older sets X-A and a new Cookie: it conflicts, so X-A is left out too.
        var (headers, ignored) = Merge(Flavor.Chrome, Headers(("Accept", "*/*"), ("Cookie", "b=2"), ("X-A", "1")), Headers(("Accept", "*/*")));
        Assert.Equal("Accept=*/*", headers);
        Assert.Equal(["0 request_headers"], ignored);
    }

    [Fact]
    public void Chromium_takes_changes_of_several_extensions_that_agree()
    {
        var (headers, ignored) = Merge(Flavor.Chrome, Headers(("Accept", "*/*"), ("Cookie", "a=1"), ("X-A", "1")), Headers(("Accept", "*/*"), ("Cookie", "a=1"), ("X-B", "2")));
        Assert.Equal("Accept=*/* Cookie=a=1 X-B=2 X-A=1", headers);
        Assert.Empty(ignored);
    }

    [Theory]
    [InlineData(Flavor.Firefox, false, "https://example.com/b")]
    [InlineData(Flavor.Chrome, true, null)]
    public void A_cancel_wins_over_a_later_redirect_and_in_Chromium_over_any(Flavor flavor, bool cancelledWhenLater, string? redirectWhenCancelLater)
    {
        var merged = CrossExtensionAnswers.Merge(flavor, "onBeforeRequest",
            [new PartyAnswer(0, new BlockingAnswer { Cancel = true }), new PartyAnswer(1, new BlockingAnswer { RedirectUrl = "https://example.com/b" })], Original, [], (_, _) => { });
        // The older extension cancels: both browsers cancel.
        Assert.Equal((true, (string?)null), (merged.Cancel, merged.RedirectUrl));
        var reversed = CrossExtensionAnswers.Merge(flavor, "onBeforeRequest",
            [new PartyAnswer(0, new BlockingAnswer { RedirectUrl = "https://example.com/b" }), new PartyAnswer(1, new BlockingAnswer { Cancel = true })], Original, [], (_, _) => { });
        // The older extension redirects: Firefox takes the first answer that ends the event (the redirect); Chromium's cancel wins.
        Assert.Equal((cancelledWhenLater, redirectWhenCancelLater), (reversed.Cancel, reversed.RedirectUrl));
    }
}
