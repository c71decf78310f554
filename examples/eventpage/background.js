// Global state lives only as long as the page: after a suspension the next wake starts from zero.
var visits = 0;
console.log('background started');

browser.runtime.onInstalled.addListener(details => console.log('installed:', details.reason));

browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message.type === 'visit') {
    visits++;
    sendResponse({ visits });
  }
});

browser.runtime.onSuspend.addListener(() => console.log('suspending after', visits, 'visits'));
