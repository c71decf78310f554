// Two counters: one in the worker's memory, lost whenever the worker stops, and one in storage.session, which
// the browser keeps for as long as the extension is loaded.
let memory = 0;

export function countInMemory() {
  return ++memory;
}

export async function countInSession() {
  const { count = 0 } = await chrome.storage.session.get('count');
  await chrome.storage.session.set({ count: count + 1 });
  return count + 1;
}
