// A service worker has no DOM: HTML is parsed in an offscreen document, created on first use and kept.
const OFFSCREEN = 'offscreen.html';

async function ensureOffscreenDocument() {
  if (await chrome.offscreen.hasDocument()) return;
  await chrome.offscreen.createDocument({
    url: OFFSCREEN,
    reasons: ['DOM_PARSER'],
    justification: 'Parse HTML with DOMParser',
  });
  console.log('offscreen document created');
}

// The links of one of the extension's pages, as the offscreen document found them.
export async function linksIn(path) {
  const html = await (await fetch(path)).text();
  await ensureOffscreenDocument();
  return chrome.runtime.sendMessage({ target: 'offscreen', type: 'parse-links', html });
}
