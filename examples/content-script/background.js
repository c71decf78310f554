browser.runtime.onMessage.addListener((message, sender) => {
  console.log(`${sender.url} has ${message.external} external link(s) of ${message.total}`);
  return Promise.resolve({ thanks: true });
});
