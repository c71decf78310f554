using ActorRuntime.Kernel.Dnr;

namespace ActorRuntime.Tests.Kernel;

/// <summary>declarativeNetRequest's urlFilter syntax: <c>||</c>, <c>|</c>, <c>^</c>, <c>*</c>, case.</summary>
public class UrlFilterTests
{
    [Theory]
    [InlineData("||example.com^", "https://example.com/", true)]
    [InlineData("||example.com^", "https://example.com", true)]
    [InlineData("||example.com^", "https://sub.example.com:8080/x", true)]
    [InlineData("||example.com^", "https://user@a.b.example.com/x", true)]
    [InlineData("||example.com^", "https://notexample.com/", false)]
    [InlineData("||example.com^", "https://example.com.evil.org/", false)]
    [InlineData("||example.com^", "https://other.org/?u=example.com/", false)]
    [InlineData("||ample.com", "https://example.com/", false)]
    public void A_domain_anchor_matches_where_the_host_or_a_parent_domain_starts(string filter, string url, bool matches) =>
        Assert.Equal(matches, new UrlFilter(filter, caseSensitive: false).Matches(url));

    [Theory]
    [InlineData("|https://a.com/", "https://a.com/x", true)]
    [InlineData("|https://a.com/", "http://b.com/?https://a.com/", false)]
    [InlineData(".js|", "https://a.com/app.js", true)]
    [InlineData(".js|", "https://a.com/app.js?v=1", false)]
    [InlineData("|https://a.com/|", "https://a.com/", true)]
    [InlineData("|https://a.com/|", "https://a.com/x", false)]
    [InlineData("|*a.com", "https://a.com/", true)]
    [InlineData("app.js*|", "https://a.com/app.js?v=1", true)]
    public void Left_and_right_anchors_pin_the_start_and_end_of_the_url(string filter, string url, bool matches) =>
        Assert.Equal(matches, new UrlFilter(filter, caseSensitive: false).Matches(url));

    [Theory]
    [InlineData("ads*banner", "https://a.com/ads/top/banner.png", true)]
    [InlineData("ads*banner", "https://a.com/banner/ads", false)]
    [InlineData("a*b*c", "https://x/abc", true)]
    [InlineData("a*b*c", "https://x/acb", false)]
    [InlineData("/ads^", "https://a.com/ads/x", true)]
    [InlineData("/ads^", "https://a.com/ads?x", true)]
    [InlineData("/ads^", "https://a.com/ads", true)]
    [InlineData("/ads^", "https://a.com/adsx", false)]
    [InlineData("/ads^", "https://a.com/ads-x", false)]
    [InlineData("^ads^x", "https://a.com/ads", false)]
    [InlineData("||a.com^*/x^|", "https://a.com/p/x", true)]
    [InlineData("||a.com^*/x^|", "https://a.com/p/x/", true)]
    [InlineData("||a.com^*/x^|", "https://a.com/p/xy", false)]
    public void Stars_are_any_run_and_carets_a_separator_or_the_end(string filter, string url, bool matches) =>
        Assert.Equal(matches, new UrlFilter(filter, caseSensitive: false).Matches(url));

    [Fact]
    public void Matching_ignores_case_unless_the_filter_is_case_sensitive()
    {
        Assert.True(new UrlFilter("/Ads/", caseSensitive: false).Matches("https://a.com/aDS/x"));
        Assert.False(new UrlFilter("/Ads/", caseSensitive: true).Matches("https://a.com/ads/x"));
        Assert.True(new UrlFilter("/Ads/", caseSensitive: true).Matches("https://a.com/Ads/x"));
    }
}
