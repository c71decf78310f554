using ActorRuntime.Kernel;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Apis;

/// <summary><c>alarms</c> on the virtual clock: when they fire in each flavour, what they answer, their bounds, and waking a suspended event page.</summary>
public class AlarmsSpec : RuntimeSpec
{
    private const string Permissions = "\"permissions\": [\"alarms\"],";

    // Each firing as "alarm <name> +<ms from the start of the clock> <scheduledTime from the start> <period>".
    private const string Listener = """
        var START = Date.now();
        chrome.alarms.onAlarm.addListener(a => console.log('alarm ' + a.name + ' +' + (Date.now() - START) + ' ' + (a.scheduledTime - START) + ' ' + a.periodInMinutes));
        """;

    private Task<LoadedExtension> LoadAlarms(Flavor flavor, string background = Manifests.PersistentScripts, string js = Listener, RuntimeOptions? options = null) =>
        Load(Manifests.Standard(background, js, Permissions), options ?? Options(flavor));

    private IReadOnlyList<string> Alarms() => Lines("background").Where(l => l.StartsWith("alarm ", StringComparison.Ordinal)).ToList();

    [Theory]
    [MemberData(nameof(AllFlavors))]
    public async Task An_alarm_fires_at_its_time_and_then_every_period(Flavor flavor)
    {
        var e = await LoadAlarms(flavor);
        await e.EvaluateAsync("background", "chrome.alarms.create('tick', { delayInMinutes: 1, periodInMinutes: 2 }); 0");
        await e.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Empty(Alarms());
        await e.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["alarm tick +60000 60000 2"], Alarms());
        await e.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Equal(["alarm tick +60000 60000 2", "alarm tick +180000 180000 2", "alarm tick +300000 300000 2"], Alarms());
        // A one-shot alarm at an absolute time, then gone.
        await e.EvaluateAsync("background", "chrome.alarms.clear('tick'); chrome.alarms.create('once', { when: START + 330000 }); 0");
        await e.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal("alarm once +330000 330000 undefined", Alarms()[^1]);
        Assert.Equal(4, Alarms().Count);
        Assert.Equal("[]", await e.EvaluateAsync("background", "await new Promise(r => chrome.alarms.getAll(r))"));
    }

    [Fact]
    public async Task Chromium_clamps_a_delay_below_its_minimum_and_warns_as_it_does()
    {
        var e = await LoadAlarms(Flavor.Chrome);
        await e.EvaluateAsync("background", "chrome.alarms.create('fast', { delayInMinutes: 0.001, periodInMinutes: 0.005 }); 0");
        Assert.Equal([
            "Alarm delay is less than the minimum duration of 60 seconds. In packed extensions, alarm \"fast\" will fire after the minimum duration.",
            "Alarm period is less than the minimum duration of 60 seconds. In packed extensions, alarm \"fast\" will fire after the minimum duration.",
        ], ConsoleLines.Where(l => l.Level == "warn").Select(l => l.Text));
        // Asked for 60 ms, fired after the unpacked minimum of 1 s, the scheduled time as asked; the period (300 ms)
        // waits for the minimum too and stays in line with the first scheduled time.
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(999));
        Assert.Empty(Alarms());
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal(["alarm fast +1000 60 0.005"], Alarms());
        await e.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(["alarm fast +1000 60 0.005", "alarm fast +2000 1260 0.005"], Alarms());
    }

    [Theory]
    [InlineData(Flavor.Firefox)]
    [InlineData(Flavor.Mdn)]
    public async Task Firefox_fires_as_asked_without_a_warning(Flavor flavor)
    {
        var e = await LoadAlarms(flavor);
        await e.EvaluateAsync("background", "chrome.alarms.create('fast', { delayInMinutes: 0.001, periodInMinutes: 0.005 }); 0");
        await e.AdvanceAsync(TimeSpan.FromMilliseconds(400));
        // The period counts from each firing.
        Assert.Equal(["alarm fast +60 60 0.005", "alarm fast +360 360 0.005"], Alarms());
        Assert.DoesNotContain(ConsoleLines, l => l.Level == "warn");
    }

    [Fact]
    public async Task Chromium_refuses_both_when_and_delay_and_neither_with_its_errors()
    {
        var e = await LoadAlarms(Flavor.Chrome);
        Assert.Equal("""["Cannot set both when and delayInMinutes.","Must set at least one of when, delayInMinutes, or periodInMinutes.",0]""",
            await e.EvaluateAsync("background", """
                [await chrome.alarms.create('x', { when: Date.now() + 1000, delayInMinutes: 1 }).catch(e => e.message),
                 await new Promise(r => chrome.alarms.create('y', {}, () => r(chrome.runtime.lastError.message))),
                 (await chrome.alarms.getAll()).length]
                """));
        // Firefox takes both (when wins) and neither (fires at once).
        var firefox = await LoadAlarms(Flavor.Firefox);
        await firefox.EvaluateAsync("background", "await browser.alarms.create('x', { when: START + 5000, delayInMinutes: 1 }); await browser.alarms.create('y', {}); 0");
        await firefox.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["alarm y +1 0 undefined", "alarm x +5000 5000 undefined"], Alarms());
    }

    [Theory]
    [InlineData(Flavor.Firefox, false)]
    [InlineData(Flavor.Chrome, true)]
    public async Task Get_getAll_clear_and_clearAll_answer_as_the_browsers_do(Flavor flavor, bool clearAllOfNothing)
    {
        var e = await LoadAlarms(flavor);
        var answers = await e.EvaluateAsync("background", """
            // Firefox MV2's chrome.* takes callbacks only: the promises are browser.*'s there.
            const api = typeof browser == 'object' ? browser : chrome, at = START + 600000;
            await api.alarms.create('a', { when: at });
            await api.alarms.create({ delayInMinutes: 2, periodInMinutes: 5 });
            await api.alarms.create('b', { periodInMinutes: 3 });
            // Creating an existing name replaces it (listed last).
            await api.alarms.create('a', { when: at + 1 });
            const shape = a => a && [a.name, a.scheduledTime - START, 'periodInMinutes' in a ? a.periodInMinutes : null];
            [(await api.alarms.getAll()).map(shape), shape(await api.alarms.get()), shape(await api.alarms.get('b')),
             await api.alarms.get('none'), await api.alarms.clear('b'), await api.alarms.clear('b'),
             (await api.alarms.getAll()).map(a => a.name), await api.alarms.clearAll(), (await api.alarms.getAll()).length,
             await api.alarms.clearAll()]
            """);
        Assert.Equal($$"""[[["",120000,5],["b",180000,3],["a",600001,null]],["",120000,5],["b",180000,3],null,true,false,["","a"],true,0,{{(clearAllOfNothing ? "true" : "false")}}]""", answers);
        await e.AdvanceAsync(TimeSpan.FromMinutes(20));
        Assert.Empty(Alarms());
    }

    [Theory]
    [InlineData(Flavor.Chrome, "An extension cannot have more than 2 active alarms.")]
    [InlineData(Flavor.Firefox, "alarms.create: the extension already has 2 alarms, the most actorruntime.alarms.max-alarms allows")]
    public async Task The_number_of_alarms_and_the_length_of_their_names_are_bounded(Flavor flavor, string refusal)
    {
        var options = Options(flavor) with { Alarms = AlarmOptions.Default with { MaxAlarms = 2, MaxNameLength = 8 } };
        var e = await LoadAlarms(flavor, options: options);
        Assert.Equal($$"""["{{refusal}}","alarms.create: the alarm name is 9 characters long, more than actorruntime.alarms.max-name-length allows (8)",["b","a"]]""",
            await e.EvaluateAsync("background", """
                const failure = p => new Promise(r => p(() => r(chrome.runtime.lastError?.message ?? 'created')));
                chrome.alarms.create('a', { delayInMinutes: 1 });
                chrome.alarms.create('b', { delayInMinutes: 1 });
                [await failure(done => chrome.alarms.create('c', { delayInMinutes: 1 }, done)),
                 (chrome.alarms.clear('a'), await failure(done => chrome.alarms.create('123456789', { delayInMinutes: 1 }, done))),
                 (chrome.alarms.create('a', { delayInMinutes: 1 }), await new Promise(r => chrome.alarms.getAll(r))).map(a => a.name)]
                """));
    }

    [Theory]
    [InlineData(Flavor.Chrome)]
    [InlineData(Flavor.Mdn)]
    public async Task OnAlarm_wakes_a_suspended_event_page_that_listened(Flavor flavor)
    {
        var e = await LoadAlarms(flavor, Manifests.EventPageScripts, """
            chrome.alarms.onAlarm.addListener(a => console.log('woken for ' + a.name));
            chrome.runtime.onInstalled.addListener(() => chrome.alarms.create('later', { delayInMinutes: 3 }));
            """);
        await e.SettleAsync();
        await SuspendIdleEventPage(e);
        Assert.Equal(BackgroundPhase.Stopped, await Phase(e));
        Assert.DoesNotContain("woken for later", Lines("background"));
        await e.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(["woken for later"], Lines("background").Where(l => l.StartsWith("woken", StringComparison.Ordinal)));
        Assert.Contains("background", await e.ContextsAsync());
        // The alarm was the extension's: it is gone once fired, whatever became of the page.
        await SuspendIdleEventPage(e);
        await e.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Single(Lines("background"), l => l.StartsWith("woken", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Flavor.Firefox, "[]")]
    [InlineData(Flavor.Chrome, "[\"kept\"]")]
    public async Task A_reload_clears_the_alarms_in_Firefox_and_keeps_them_in_Chromium(Flavor flavor, string after)
    {
        var e = await LoadAlarms(flavor);
        await e.EvaluateAsync("background", "chrome.alarms.create('kept', { delayInMinutes: 5 }); chrome.runtime.reload(); 0");
        await e.SettleAsync();
        Assert.Equal(after, await e.EvaluateAsync("background", "(await new Promise(r => chrome.alarms.getAll(r))).map(a => a.name)"));
    }

    [Fact]
    public async Task Unloading_the_extension_cancels_its_alarm_timer()
    {
        var e = await LoadAlarms(Flavor.Firefox);
        await e.EvaluateAsync("background", "chrome.alarms.create('pending', { delayInMinutes: 60 }); 0");
        Assert.NotNull(Clock.NextDue);
        Watch(e.Supervisor);
        Sys.Stop(e.Supervisor);
        ExpectTerminated(e.Supervisor, AskTimeout);
        Assert.Null(Clock.NextDue);
    }
}
