using ActorRuntime.Manifest;

namespace ActorRuntime.Tests.Manifest;

/// <summary>Where content scripts apply: match patterns less excluded ones, include and exclude globs over the whole URL; and one pattern covering another.</summary>
public class ContentScriptMatchingTests
{
    [Theory]
    [InlineData("*", "anything at all", true)]
    [InlineData("https://example.com/?", "https://example.com/a", true)]
    [InlineData("https://example.com/?", "https://example.com/ab", false)]
    [InlineData("*://*/*.js?x=*", "https://cdn.example/lib.js?x=1", true)]
    [InlineData("*.example.com*", "https://example.com/", false)]
    [InlineData("*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    public void A_glob_takes_star_for_any_run_and_question_mark_for_one_character(string glob, string url, bool matches) =>
        Assert.Equal(matches, UrlGlob.Matches(glob, url));

    [Theory]
    [InlineData("https://example.com/shop", true)]
    [InlineData("https://example.com/private/a", false)]
    [InlineData("https://example.com/news", false)]
    [InlineData("https://example.com/sale#draft", false)]
    [InlineData("https://other.example/shop", false)]
    public void A_script_applies_where_a_pattern_matches_no_excluded_one_does_an_include_glob_does_and_no_exclude_glob_does(string url, bool applies)
    {
        var spec = new ContentScriptSpec(["https://example.com/*"], ["a.js"], RunAt.DocumentIdle)
        {
            ExcludeMatches = ["https://example.com/private/*"],
            IncludeGlobs = ["*/s*", "*/private/*"],
            ExcludeGlobs = ["*#draft"],
        };
        Assert.Equal(applies, spec.AppliesTo(url));
    }

    [Theory]
    [InlineData("http://localhost:8080/*", "http://localhost:8080/app", true)]
    [InlineData("http://localhost:8080/*", "http://localhost:9090/app", false)]
    [InlineData("http://localhost:*/*", "http://localhost:9090/app", true)]
    [InlineData("http://localhost/*", "http://localhost:9090/app", true)]
    public void A_content_scripts_pattern_may_name_a_port(string pattern, string url, bool matches)
    {
        Assert.Null(MatchPattern.Problem(pattern, allowPort: true));
        Assert.Equal(matches, MatchPattern.Matches(pattern, url));
    }

    [Theory]
    [InlineData("<all_urls>", "https://a.example/*", true)]
    [InlineData("*://*.example.com/*", "https://shop.example.com/cart/*", true)]
    [InlineData("*://*.example.com/*", "https://example.com/*", true)]
    [InlineData("https://example.com/*", "*://example.com/*", false)]
    [InlineData("https://example.com/a/*", "https://example.com/*", false)]
    [InlineData("https://*/*", "https://*.anything.org/*", true)]
    [InlineData("https://example.com/*", "<all_urls>", false)]
    public void A_granted_pattern_covers_a_requested_one_when_its_schemes_hosts_and_paths_are_within_it(string granted, string requested, bool covers) =>
        Assert.Equal(covers, MatchPattern.Subsumes(granted, requested));
}
