// An event page: woken by the click, it counts, shows the count on the badge and names the tab it was clicked in.
browser.browserAction.onClicked.addListener(async (tab) => {
  const { clicks = 0 } = await browser.storage.local.get('clicks');
  await browser.storage.local.set({ clicks: clicks + 1 });
  await browser.browserAction.setBadgeText({ text: String(clicks + 1), tabId: tab.id });
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  console.log(`click ${clicks + 1} in "${active.title}"`);
  return clicks + 1;
});
