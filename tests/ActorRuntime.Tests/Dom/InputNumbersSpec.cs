using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>valueAsNumber and valueAsDate: an input's value as its type's number or date, and back.</summary>
public class InputNumbersSpec : RuntimeSpec
{
    [Fact]
    public async Task Dates_months_weeks_times_and_local_date_times_convert_both_ways()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            [1575936000000,"2019-12-10",-1,"1969-12",1575849600000,"2019-W50",43200000,"12:00",1575979200000,"2019-12-10T12:00",null,"2019-12-01T00:00:00.000Z","00:00:01.5",true,"TypeError","InvalidStateError","TypeError"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const make = (type, value) => { const i = document.createElement('input'); i.type = type; i.value = value; return i; };
            const out = [];
            for (const [type, value] of [['date', '2019-12-10'], ['month', '1969-12'], ['week', '2019-W50'], ['time', '12:00'], ['datetime-local', '2019-12-10T12:00']]) {
              const input = make(type, value);
              const number = input.valueAsNumber;
              input.value = '';
              input.valueAsNumber = number;
              out.push(number, input.value);
            }
            out.push(make('week', '2019-W00').valueAsDate, make('month', '2019-12').valueAsDate.toISOString());
            const time = make('time', '');
            time.valueAsDate = new Date('1970-01-01T00:00:01.500Z');
            out.push(time.value, Number.isNaN(make('text', '5').valueAsNumber));
            for (const change of [() => { make('number', '').valueAsNumber = Infinity; }, () => { make('text', '').valueAsNumber = 1; }, () => { make('date', '').valueAsDate = {}; }]) {
              try { change(); out.push('none'); } catch (x) { out.push(x.name); }
            }
            out
            """));
    }
}
