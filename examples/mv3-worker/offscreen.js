// The offscreen document: a page nobody sees, with a DOM, and of the extension API only chrome.runtime.
chrome.runtime.onMessage.addListener((message, sender, respond) => {
  if (message.target !== 'offscreen') return false;
  const page = new DOMParser().parseFromString(message.html, 'text/html');
  const links = [...page.querySelectorAll('a[href]')].map(a => a.textContent);
  console.log(`parsed "${page.title}": ${links.length} links`);
  respond({ title: page.title, links });
  return false;
});
