using System.Buffers.Binary;
using System.IO.Compression;
using ActorRuntime.Cluster;
using PuppeteerSharp;

namespace ActorRuntime.Tests.FrontDoor;

/// <summary>
/// The status page in a real headless Chromium (the machine's <c>/usr/bin/chromium</c>, which <c>.ci/run</c> installs when
/// missing; never a downloaded browser): the server-rendered extension list without script, then live updates (a console
/// line printed after the page loaded, a popup opened) arriving without a reload, what extensions print kept as text, no
/// script error or blocked resource, and a screenshot that shows something.
/// </summary>
public sealed class StatusPageBrowserSpec : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    private StatusPageNode _node = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _node = await StatusPageNode.StartAsync(new ExtensionCatalog([Examples]));
        await StatusPageNode.WaitForUpAsync([_node], 1);
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (.ci/run does when it is missing)");
        _browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Root in a container: Chromium's sandbox needs namespaces it does not get here.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            Timeout = 90_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        await _node.DisposeAsync();
    }

    [Fact]
    public async Task The_page_lists_the_extensions_then_shows_new_lines_and_contexts_live()
    {
        foreach (var id in new[] { "form-popup", "getbackgroundpage" }) await _node.Runtime.SettleAsync(id, TimeSpan.FromSeconds(20));
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = 90_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = 1200, Height = 900 });
        var problems = new List<string>();
        page.PageError += (_, e) => { lock (problems) problems.Add("page error: " + e.Message); };
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) lock (problems) problems.Add("console: " + e.Message.Text); };
        await page.SetExtraHttpHeadersAsync(new Dictionary<string, string> { ["Authorization"] = "Bearer " + StatusPageNode.Token });

        // Without script: the server's HTML lists the extensions already.
        await page.SetJavaScriptEnabledAsync(false);
        await page.GoToAsync(_node.Address.ToString(), WaitUntilNavigation.Load);
        Assert.Equal(["form-popup", "getbackgroundpage"],
            await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#nodes tr[data-extension]')].map(row => row.dataset.extension)"));

        await page.SetJavaScriptEnabledAsync(true);
        var response = await page.GoToAsync(_node.Address.ToString(), WaitUntilNavigation.Load);
        Assert.True(response.Ok, $"the page answered {response.Status}");
        await page.WaitForFunctionAsync("() => Number(document.documentElement.dataset.refreshes) >= 1 && document.getElementById('live').textContent === 'live'");

        // Printed after the page loaded: it appears without a reload, as text.
        const string printed = "live line <b>not bold</b> <img src=x onerror=\"document.title='owned'\">";
        await _node.Runtime.EvaluateAsync("getbackgroundpage", "background", $"console.log({System.Text.Json.JsonSerializer.Serialize(printed)})");
        await page.WaitForFunctionAsync("text => [...document.querySelectorAll('#console .text')].some(line => line.textContent === text)",
            new WaitForFunctionOptions { Timeout = 90_000, PollingInterval = 100 }, printed);
        Assert.Equal(0, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#console .text *').length"));
        Assert.NotEqual("owned", await page.EvaluateExpressionAsync<string>("document.title"));

        // A popup opened after the page loaded shows among the extension's contexts.
        await _node.Runtime.OpenAsync("form-popup", "popup");
        await page.WaitForFunctionAsync("() => (document.querySelector('tr[data-extension=\"form-popup\"] .contexts')?.textContent ?? '').split(', ').includes('popup')",
            new WaitForFunctionOptions { Timeout = 90_000, PollingInterval = 100 });
        Assert.Equal("Up", await page.EvaluateExpressionAsync<string>("document.querySelector('#members .status').textContent"));

        var screenshot = await page.ScreenshotDataAsync(new ScreenshotOptions { FullPage = true, Type = ScreenshotType.Png });
        var image = Png.Decode(screenshot);
        Assert.Equal(1200, image.Width);
        Assert.True(image.Height >= 900, $"the page is {image.Height} px high");
        // A blank or one-colour page has a handful of colours at most; text, badges and bars give many.
        Assert.True(image.DistinctColours > 20, $"the screenshot has {image.DistinctColours} colours");
        lock (problems) Assert.Empty(problems);
    }

    /// <summary>Just enough PNG reading (8-bit RGB or RGBA, not interlaced: what Chromium writes) to look at the pixels.</summary>
    private sealed record Png(int Width, int Height, int DistinctColours)
    {
        public static Png Decode(byte[] png)
        {
            Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }), "not a PNG");
            int width = 0, height = 0, channels = 0;
            using var compressed = new MemoryStream();
            for (var at = 8; at < png.Length;)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
                var type = System.Text.Encoding.ASCII.GetString(png, at + 4, 4);
                var data = png.AsSpan(at + 8, length);
                if (type == "IHDR")
                {
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    Assert.Equal(8, data[8]);
                    channels = data[9] switch { 2 => 3, 6 => 4, var other => throw new InvalidDataException($"colour type {other}") };
                    Assert.Equal(0, data[12]);
                }
                else if (type == "IDAT") compressed.Write(data);
                at += 12 + length;
            }
            compressed.Position = 0;
            using var inflated = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress)) zlib.CopyTo(inflated);
            var raw = inflated.ToArray();
            var stride = width * channels;
            var previous = new byte[stride];
            var row = new byte[stride];
            var colours = new HashSet<int>();
            for (var y = 0; y < height; y++)
            {
                var filter = raw[y * (stride + 1)];
                var line = raw.AsSpan(y * (stride + 1) + 1, stride);
                for (var x = 0; x < stride; x++)
                {
                    int left = x >= channels ? row[x - channels] : 0, up = previous[x], upLeft = x >= channels ? previous[x - channels] : 0;
                    row[x] = (byte)(line[x] + filter switch
                    {
                        0 => 0,
                        1 => left,
                        2 => up,
                        3 => (left + up) / 2,
                        4 => Paeth(left, up, upLeft),
                        _ => throw new InvalidDataException($"filter {filter}"),
                    });
                }
                for (var x = 0; x < stride; x += channels) colours.Add(row[x] << 16 | row[x + 1] << 8 | row[x + 2]);
                (previous, row) = (row, previous);
            }
            return new Png(width, height, colours.Count);
        }

        private static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }
}
