// An event page: woken by a click or an alarm, it counts, badges the tab, and reminds.
browser.browserAction.onClicked.addListener(async (tab) => {
  const { clicks = 0 } = await browser.storage.local.get('clicks');
  await browser.storage.local.set({ clicks: clicks + 1, lastTab: tab.title });
  await browser.browserAction.setBadgeText({ text: String(clicks + 1), tabId: tab.id });
  const language = await browser.tabs.detectLanguage(tab.id);
  console.log(`click ${clicks + 1} in "${tab.title}" (${language})`);
  // A reminder a minute after the last click (creating it again moves it).
  await browser.alarms.create('reminder', { delayInMinutes: 1 });
  return clicks + 1;
});

browser.alarms.onAlarm.addListener(async (alarm) => {
  const { clicks, lastTab } = await browser.storage.local.get(['clicks', 'lastTab']);
  await browser.notifications.create('reminder', {
    type: 'basic',
    title: 'Still counting',
    message: `${clicks} clicks so far, the last in ${lastTab}`,
  });
});
