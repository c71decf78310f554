// The popup messages the worker (waking it if it has stopped) and shows what it answers.
const result = document.getElementById('result');

document.getElementById('count').addEventListener('click', async () => {
  const { memory, session } = await chrome.runtime.sendMessage({ type: 'count' });
  result.textContent = `in memory: ${memory}, in storage.session: ${session}`;
  console.log(result.textContent);
});

document.getElementById('links').addEventListener('click', async () => {
  const { title, links } = await chrome.runtime.sendMessage({ type: 'links' });
  result.textContent = `${title}: ${links.join(', ')}`;
  console.log(result.textContent);
});
