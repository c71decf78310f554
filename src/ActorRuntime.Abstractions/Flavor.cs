namespace ActorRuntime;

/// <summary>Which browser behaviour the runtime reproduces (spec section 1).</summary>
public enum Flavor
{
    /// <summary>The documented contract (MDN).</summary>
    Mdn,
    /// <summary>Firefox as shipped: null instead of rejections.</summary>
    Firefox,
    /// <summary>Chromium as shipped: lastError/rejections, undefined from the sync API, split incognito.</summary>
    Chrome,
}

internal static class FlavorNames
{
    public static bool TryParse(string text, out Flavor flavor)
    {
        switch (text)
        {
            case "mdn": flavor = Flavor.Mdn; return true;
            case "firefox": flavor = Flavor.Firefox; return true;
            case "chrome": flavor = Flavor.Chrome; return true;
            default: flavor = Flavor.Mdn; return false;
        }
    }
}
