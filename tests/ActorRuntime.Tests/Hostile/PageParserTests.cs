using System.Text;
using AngleSharp;
using ActorRuntime.Manifest;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ActorRuntime.Tests.Hostile;

/// <summary>Extension pages are parsed with their nesting measured as the tree is built, and refused past the depth limit.</summary>
public class PageParserTests
{
    /// <summary>AngleSharp without its own flattening, so that the tree shows how deep the builder went.</summary>
    private static readonly HtmlParser Unflattened = new(new HtmlParserOptions { MaximumDepth = int.MaxValue });

    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    /// <summary>The deepest element of the finished tree (html is level 1), template contents included, walked without recursion.</summary>
    private static int BuiltDepth(string html)
    {
        var deepest = 0;
        var pending = new Stack<(INode Node, int Depth)>();
        pending.Push((Unflattened.ParseDocument(html), 0));
        while (pending.TryPop(out var item))
        {
            var (node, depth) = item;
            deepest = Math.Max(deepest, depth);
            foreach (var child in node.ChildNodes.OfType<IElement>()) pending.Push((child, depth + 1));
            if (node is IHtmlTemplateElement template)
                foreach (var child in template.Content.ChildNodes.OfType<IElement>()) pending.Push((child, depth + 1));
        }
        return deepest;
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(10, 13)]
    [InlineData(509, 512)]
    [InlineData(510, 513)]
    public void Nesting_is_measured_exactly_and_refused_past_the_limit(int divs, int deepest)
    {
        // html, body, the divs, and the script inside the innermost one.
        var html = "<!DOCTYPE html><html><head><title>t</title></head><body>" + Repeat("<div>", divs) + "<script>var inner;</script>" + Repeat("</div>", divs) + "</body></html>";
        Assert.Equal(deepest, PageParser.Deepest(html, stopAbove: 1000));
        Assert.Equal("var inner;", Assert.Single(PageParser.Parse(html, maxDepth: 1000).Document!.Scripts).Text);
        Assert.Equal(deepest <= 512 ? null : "its elements nest deeper than 512 levels (actorruntime.files.max-html-depth)", PageParser.Parse(html, maxDepth: 512).Refusal);
    }

    [Fact]
    public void Two_hundred_thousand_nested_elements_are_refused_as_soon_as_one_is_too_deep()
    {
        // The builder would take minutes for the whole page; the measure stops at the first element past the limit.
        var html = Repeat("<div>", 200_000);
        Assert.Equal("its elements nest deeper than 512 levels (actorruntime.files.max-html-depth)", PageParser.Parse(html, 512).Refusal);
        Assert.Equal(513, PageParser.Deepest(html, stopAbove: 512));
    }

    [Theory]
    [InlineData("<div/>")]
    [InlineData("<template>")]
    [InlineData("<span><object></span>")]
    [InlineData("<svg><foreignObject><div/>")]
    [InlineData("<math><mi><input>")]
    [InlineData("<td><div></td>")]
    [InlineData("<table><tr><td><svg><desc><table>")]
    public void Markup_that_the_builder_nests_is_refused_however_it_is_written(string unit)
    {
        var html = string.Concat(Enumerable.Range(0, 3000).Select(i => string.Format(unit, i)));
        Assert.Equal("its elements nest deeper than 512 levels (actorruntime.files.max-html-depth)", PageParser.Parse(html, 512).Refusal);
    }

    [Theory]
    [InlineData("<ul>{0}</ul>", "<li>item")]
    [InlineData("<dl>{0}</dl>", "<dt>term<dd>definition")]
    [InlineData("{0}", "<p>paragraph")]
    [InlineData("<select>{0}</select>", "<option>choice")]
    [InlineData("<table>{0}</table>", "<tr><td>cell<td>cell")]
    [InlineData("{0}", "<br><img src=x><input><hr><meta charset=utf-8>")]
    [InlineData("{0}", "<b>bold</b><i>it<b>both</i>still bold</b>")]
    [InlineData("{0}", "<div><span>unclosed span</div>")]
    [InlineData("{0}", "<svg><rect/><circle/><path d=''/></svg>")]
    [InlineData("{0}", "<script>if (a<b && c>d) document.write('<div><div><div>');</script><style>div{}</style>")]
    public void Sloppy_but_flat_pages_are_accepted(string frame, string item)
    {
        var html = string.Format(frame, Repeat(item, 3000));
        Assert.NotNull(PageParser.Parse(html, 512).Document);
        Assert.InRange(PageParser.Deepest(html, 512), 3, 8);
    }

    [Fact]
    public void Markup_AngleSharp_fails_on_is_refused_with_one_line()
    {
        // AngleSharp 1.10 throws NullReferenceException on this.
        Assert.Equal((null, "it cannot be parsed (AngleSharp failed with NullReferenceException)"), PageParser.Parse("<p><select><xmp>y</xmp><select></tbody>", 512));
    }

    private static readonly string[] Vocabulary =
    [
        "<div>", "</div>", "<div/>", "<span>", "</span>", "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<dd>", "<dt>", "</dl>",
        "<b>", "</b>", "<b class=x>", "<i>", "</i>", "<a href=1>", "</a>", "<nobr>", "<font color=red>", "<font>", "</font>",
        "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<tbody>", "</tbody>", "<caption>", "</caption>", "<colgroup>", "<col>",
        "<select>", "</select>", "<option>", "</option>", "<optgroup>", "<template>", "</template>", "<object>", "</object>",
        "<svg>", "</svg>", "<g>", "</g>", "<g/>", "<foreignObject>", "</foreignObject>", "<desc>", "<title>", "</title>",
        "<math>", "</math>", "<mi>", "</mi>", "<annotation-xml encoding=text/html>", "<annotation-xml>", "</annotation-xml>", "<mglyph>",
        "<br>", "</br>", "<img>", "<input>", "<hr>", "<h1>", "</h2>", "<button>", "</button>", "<form>", "</form>", "<ruby>", "<rt>", "<rp>",
        "<script>x</script>", "<textarea>a</textarea>", "<noscript>", "<body>", "</body>", "<html>", "<head>", "text", " ", "<![CDATA[ <div> ]]>",
        "<marquee>", "</marquee>", "<applet>", "<section>", "</section>", "<pre>", "<listing>", "<xmp>y</xmp>", "<frameset>", "<plaintext>",
    ];

    [Fact]
    public void Random_markup_is_never_measured_shallower_than_the_tree_the_builder_makes()
    {
        var random = new Random(9);
        for (var round = 0; round < 3000; round++)
        {
            var html = new StringBuilder();
            var tokens = random.Next(1, 160);
            for (var i = 0; i < tokens; i++) html.Append(Vocabulary[random.Next(Vocabulary.Length)]);
            var text = html.ToString();
            // Markup AngleSharp fails on is refused as such (see above).
            if (PageParser.Parse(text, int.MaxValue).Document is null) continue;
            var (document, _) = PageParser.Parse(text, 8);
            // Elements are measured when inserted and again in the finished tree (closing a formatting element can move them).
            var built = BuiltDepth(text);
            var measured = PageParser.Deepest(text, int.MaxValue);
            Assert.True(measured >= built, $"measured {measured}, built {built}: {text}");
            Assert.Equal(measured > 8, document is null);
        }
    }

    [Fact]
    public void A_blank_document_is_a_new_empty_page_of_the_parsed_pages_configuration_each_time()
    {
        var parsed = PageParser.Parse("<!doctype html><p>x</p>", maxDepth: 10).Document!;
        var first = PageParser.BlankDocument();
        Assert.Equal("<!DOCTYPE html><html><head></head><body></body></html>", first.ToHtml());
        Assert.Same(parsed.Context, first.Context);
        first.Body!.AppendChild(first.CreateElement("div"));
        first.Title = "changed";
        var next = PageParser.BlankDocument();
        Assert.NotSame(first, next);
        Assert.Equal("<!DOCTYPE html><html><head></head><body></body></html>", next.ToHtml());
        // Made on several threads at once, each whole.
        var made = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 64, _ => made.Add(PageParser.BlankDocument().ToHtml()));
        Assert.All(made, html => Assert.Equal("<!DOCTYPE html><html><head></head><body></body></html>", html));
    }
}
