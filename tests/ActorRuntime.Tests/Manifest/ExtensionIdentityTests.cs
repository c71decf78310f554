using ActorRuntime.Manifest;
using ActorRuntime.Tests.Support;

namespace ActorRuntime.Tests.Manifest;

/// <summary>
/// An extension's id and origin per flavour (the browsers' rules, docs/background-pages.md aside): values checked
/// against an independent computation of the same rules (Python's hashlib), so a change to the derivation fails here.
/// </summary>
public sealed class ExtensionIdentityTests : IDisposable
{
    private readonly List<ExtensionFolder> _folders = new();

    private ExtensionPackage Package(string manifestExtra = "")
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts + manifestExtra, ""));
        _folders.Add(folder);
        return ExtensionPackage.Load(folder.Path);
    }

    [Fact]
    public void Chromium_maps_the_first_16_bytes_of_the_sha256_to_letters_a_to_p()
    {
        Assert.Equal("mnhiohfdamcefpnhnbehggahkmbegajm", ExtensionIdentity.ChromiumId("/home/user/ext"u8.ToArray()));
    }

    [Fact]
    public void Chromium_takes_the_manifest_key_when_there_is_one_else_the_folder_path()
    {
        var keyed = ExtensionIdentity.For(Package("\"key\": \"MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQC=\","), Flavor.Chrome, "seed");
        Assert.Equal("nmdfhicdmgceellgdjffpafahkgabdkl", keyed.RuntimeId);
        Assert.Equal("chrome-extension://nmdfhicdmgceellgdjffpafahkgabdkl/", keyed.BaseUrl);
        var unpacked = Package();
        var byPath = ExtensionIdentity.For(unpacked, Flavor.Chrome, "seed");
        Assert.Equal(ExtensionIdentity.ChromiumId(System.Text.Encoding.UTF8.GetBytes(unpacked.Directory)), byPath.RuntimeId);
        Assert.Matches("^[a-p]{32}$", byPath.RuntimeId);
    }

    [Fact]
    public void Firefox_gives_a_uuid_origin_from_the_profile_and_the_gecko_id_or_a_temporary_id()
    {
        Assert.Equal("640386d6-c432-484c-a547-803a972861d6", ExtensionIdentity.FirefoxUuid("actorruntime", "getbackgroundpage"));
        Assert.NotEqual(ExtensionIdentity.FirefoxUuid("actorruntime", "getbackgroundpage"), ExtensionIdentity.FirefoxUuid("another profile", "getbackgroundpage"));
        Assert.Equal("51ffcb1f419b6c73dd180f8639a55f33d4b59c4f@temporary-addon", ExtensionIdentity.TemporaryAddonId("actorruntime", "/home/user/ext"));
        var gecko = Package("\"browser_specific_settings\": { \"gecko\": { \"id\": \"me@example.org\" } },");
        var identity = ExtensionIdentity.For(gecko, Flavor.Firefox, "actorruntime");
        Assert.Equal("me@example.org", identity.RuntimeId);
        Assert.Equal($"moz-extension://{ExtensionIdentity.FirefoxUuid("actorruntime", "me@example.org")}/", identity.BaseUrl);
        var temporary = ExtensionIdentity.For(Package(), Flavor.Mdn, "actorruntime");
        Assert.EndsWith("@temporary-addon", temporary.RuntimeId);
    }

    [Fact]
    public void One_package_keeps_its_identity_per_flavour_and_profile_and_derives_it_once()
    {
        var package = Package("\"browser_specific_settings\": { \"gecko\": { \"id\": \"me@example.org\" } },");
        var chromium = ExtensionIdentity.For(package, Flavor.Chrome, "seed");
        Assert.Same(chromium, ExtensionIdentity.For(package, Flavor.Chrome, "another seed"));
        var firefox = ExtensionIdentity.For(package, Flavor.Firefox, "seed");
        Assert.Equal($"moz-extension://{ExtensionIdentity.FirefoxUuid("seed", "me@example.org")}/", firefox.BaseUrl);
        Assert.Same(firefox, ExtensionIdentity.For(package, Flavor.Mdn, "seed"));
        var otherProfile = ExtensionIdentity.For(package, Flavor.Firefox, "another seed");
        Assert.Equal($"moz-extension://{ExtensionIdentity.FirefoxUuid("another seed", "me@example.org")}/", otherProfile.BaseUrl);
        Assert.Equal(chromium, ExtensionIdentity.For(package, Flavor.Chrome, "seed"));
        Assert.StartsWith("chrome-extension://", chromium.BaseUrl);
    }

    [Fact]
    public void A_key_that_is_not_base64_is_one_line_naming_the_key()
    {
        var folder = new ExtensionFolder(Manifests.Standard(Manifests.PersistentScripts + "\"key\": \"not base64!\",", ""));
        _folders.Add(folder);
        var error = Assert.Throws<ManifestException>(() => ExtensionPackage.Load(folder.Path));
        Assert.EndsWith("manifest.json: $.key: expected the base64 of a public key, got \"not base64!\"", error.Message);
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
    }
}
