// The extension's MV3 service worker, an ES module. Chromium starts it for the install and for each event once it has
// stopped (30 s without events or extension API calls): every start runs this file from the top, with fresh memory.
import { countInMemory, countInSession } from './lib/counters.js';
import { linksIn } from './lib/links.js';

console.log('worker started');

// Listeners are added synchronously, at the top level: only those hear the event that woke the worker.
chrome.runtime.onInstalled.addListener(({ reason }) => console.log('installed: ' + reason));

chrome.runtime.onMessage.addListener((message, sender, respond) => {
  if (message.type === 'count') {
    const memory = countInMemory();
    countInSession().then(session => respond({ memory, session }));
    return true; // the response comes later
  }
  if (message.type === 'links') {
    linksIn('sample.html').then(respond);
    return true;
  }
  return false; // the offscreen document's answers are not for the worker
});
