using System.Security.Cryptography;
using System.Text;

namespace ActorRuntime.Manifest;

/// <summary>
/// The id and origin an extension has in each browser. Chromium: the first 16 bytes of the SHA-256 of the manifest's
/// <c>key</c> (else of the unpacked folder's absolute path), each hex digit 0–f written as a letter a–p; the origin is
/// <c>chrome-extension://&lt;id&gt;/</c>. Firefox: <c>runtime.id</c> is the manifest's gecko id, else a temporary
/// add-on's <c>&lt;40 hex&gt;@temporary-addon</c>; the origin is <c>moz-extension://&lt;UUID&gt;/</c>, a UUID the
/// profile picks for the extension. Firefox picks it at random; here it is derived from the profile's seed
/// (<c>actorruntime.profile-seed</c>) and the extension, so one profile (a run, every node of a cluster) always gives
/// an extension the same origin.
/// </summary>
internal sealed record ExtensionIdentity(string RuntimeId, string BaseUrl)
{
    public static ExtensionIdentity For(ExtensionPackage package, Flavor flavor, string profileSeed)
    {
        // Derived once per package and profile, not on every wake: the hash (SHA-256 through OpenSSL) was a fortieth of a worker's start. Kept with the
        // package (shared by every instance of the folder), so an instance itself holds nothing for it.
        var chromium = flavor == Flavor.Chrome;
        if (package.DerivedIdentity is { } kept && kept.Chromium == chromium && (chromium || kept.ProfileSeed == profileSeed)) return kept.Identity;
        var identity = chromium
            ? Chromium(package)
            : new(package.Manifest.GeckoId ?? TemporaryAddonId(profileSeed, package.Directory), $"moz-extension://{FirefoxUuid(profileSeed, package.Id)}/");
        package.DerivedIdentity = new(chromium, profileSeed, identity);
        return identity;
    }

    private static ExtensionIdentity Chromium(ExtensionPackage package)
    {
        var id = ChromiumId(package.Manifest.Key ?? Encoding.UTF8.GetBytes(package.Directory));
        return new(id, $"chrome-extension://{id}/");
    }

    /// <summary>Chromium's id of <paramref name="input"/> (a public key's DER bytes, or an unpacked folder's path bytes).</summary>
    public static string ChromiumId(byte[] input)
    {
        var hash = SHA256.HashData(input);
        var id = new StringBuilder(32);
        foreach (var b in hash.AsSpan(0, 16))
        {
            id.Append((char)('a' + (b >> 4)));
            id.Append((char)('a' + (b & 0xF)));
        }
        return id.ToString();
    }

    /// <summary>A temporary add-on's id in Firefox: the SHA-1 of a session salt and the folder's path, as hex, <c>@temporary-addon</c>.</summary>
    public static string TemporaryAddonId(string profileSeed, string directory) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(profileSeed + directory))) + "@temporary-addon";

    /// <summary>The UUID of the extension's origin in the profile: version-4 shaped, from the seed and the extension.</summary>
    public static string FirefoxUuid(string profileSeed, string extensionId)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(profileSeed + "\n" + extensionId)).AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}

/// <summary>An identity as derived for a package: in Chromium or in Firefox with the profile's seed.</summary>
internal sealed record DerivedIdentity(bool Chromium, string ProfileSeed, ExtensionIdentity Identity);

