// Stands in for the browser: the badge the extension sets and the tabs it asks for.
const badges = {};
host.provide('browserAction.setBadgeText', (details) => { badges[details.tabId] = details.text; });
host.provide('tabs.query', (query) => [{ id: 1, index: 0, windowId: 1, active: true, highlighted: true, pinned: false, incognito: false, title: 'Example Domain', url: 'https://example.com/' }]);
