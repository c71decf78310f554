using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Dom;

/// <summary>The <c>autocomplete</c> IDL attribute of form controls: HTML's autofill detail tokens, normalized, or "".</summary>
public class AutofillSpec : RuntimeSpec
{
    [Fact]
    public async Task Autocomplete_shows_the_valid_detail_tokens_normalized()
    {
        var e = await Load(Manifests.Standard(Manifests.PersistentScripts, ""), Flavor.Mdn);
        await e.OpenAsync("popup");
        Assert.Equal("""
            ["","on","email","section-foo shipping work tel","username webauthn","","","","","off","on"]
            """.Trim(), await e.EvaluateAsync("popup", """
            const a = (tag, value, type) => {
              const c = document.createElement(tag);
              if (type) c.type = type;
              if (value !== undefined) c.setAttribute('autocomplete', value);
              return c.autocomplete;
            };
            const form = document.createElement('form');
            const off = document.createElement('form'); off.setAttribute('autocomplete', 'OFF');
            [a('input'), a('input', ' ON\t'), a('select', 'EMAIL'), a('textarea', '  Section-FOO shipping  WORK tel'), a('input', '\tusername webauthn'),
             a('input', 'call-sign'), a('input', 'foo off'), a('input', 'on', 'hidden'), a('textarea', 'home name'), off.autocomplete, form.autocomplete]
            """));
    }
}
