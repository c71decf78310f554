using ActorRuntime.Manifest;

namespace ActorRuntime.Tests.Hostile;

/// <summary>Content-script match patterns: browser semantics, and a path glob matched without backtracking.</summary>
public class MatchPatternTests
{
    private static readonly string Pathological = "*://*/" + string.Concat(Enumerable.Repeat("*a", 25)) + "*b";

    [Fact(Timeout = 120_000)]
    public async Task A_pattern_with_many_stars_is_matched_correctly_against_a_long_url()
    {
        // A backtracking regex took 41 s on this (the time grows exponentially with the stars); the glob matcher is polynomial.
        var url = "https://example.com/" + new string('a', 20_000);
        var (withoutB, withB, tooFewA) = await Task.Run(() => (
            MatchPattern.Matches(Pathological, url),
            MatchPattern.Matches(Pathological, url + "b"),
            MatchPattern.Matches(Pathological, "https://example.com/" + new string('a', 24) + "b")));
        Assert.False(withoutB);
        Assert.True(withB);
        Assert.False(tooFewA);
        Assert.True(MatchPattern.Matches(Pathological, "https://example.com/" + new string('a', 25) + "b"));
    }

    [Theory]
    [InlineData("<all_urls>", "https://example.com/x", true)]
    [InlineData("<all_urls>", "moz-extension://id/x.html", false)]
    [InlineData("*://*.example.com/*", "https://www.example.com/a?b=c", true)]
    [InlineData("*://*.example.com/*", "https://example.com/", true)]
    [InlineData("*://*.example.com/*", "https://example.org/", false)]
    [InlineData("*://*/*", "ftp://example.com/", false)]
    [InlineData("https://example.com/a.b*", "https://example.com/a.bc", true)]
    [InlineData("https://example.com/a.b*", "https://example.com/aXbc", false)]
    [InlineData("https://example.com/(x)+.html", "https://example.com/(x)+.html", true)]
    [InlineData("https://example.com/(x)+.html", "https://example.com/(x)x.html", false)]
    [InlineData("https://example.com/*/end", "https://example.com/one/two/end", true)]
    [InlineData("https://example.com/*/end", "https://example.com/end", false)]
    [InlineData("https://example.com/p?q=*", "https://example.com/p?q=1", true)]
    public void Patterns_match_as_in_browsers(string pattern, string url, bool expected) =>
        Assert.Equal(expected, MatchPattern.Matches(pattern, url));

    [Fact]
    public void The_glob_matcher_agrees_with_a_reference_on_random_cases()
    {
        var random = new Random(20260101);
        for (var i = 0; i < 20_000; i++)
        {
            var glob = RandomText(random, "ab*", random.Next(0, 9));
            var text = RandomText(random, "ab", random.Next(0, 12));
            Assert.True(Reference(glob, text) == MatchPattern.GlobMatches(glob, text), $"glob \"{glob}\" against \"{text}\"");
        }
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());

    /// <summary>Dynamic programming over prefixes: matches[i, j] is whether glob[..i] matches text[..j].</summary>
    private static bool Reference(string glob, string text)
    {
        var matches = new bool[glob.Length + 1, text.Length + 1];
        matches[0, 0] = true;
        for (var i = 1; i <= glob.Length; i++)
        {
            for (var j = 0; j <= text.Length; j++)
            {
                matches[i, j] = glob[i - 1] == '*'
                    ? matches[i - 1, j] || (j > 0 && matches[i, j - 1])
                    : j > 0 && glob[i - 1] == text[j - 1] && matches[i - 1, j - 1];
            }
        }
        return matches[glob.Length, text.Length];
    }
}
