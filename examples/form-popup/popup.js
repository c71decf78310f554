const form = document.getElementById("note-form");
const list = document.getElementById("notes");
const status = document.getElementById("status");

function show(notes) {
  list.replaceChildren(...notes.map((note) => {
    const item = document.createElement("li");
    item.textContent = note.text;
    item.classList.add(note.priority);
    if (note.urgent) item.dataset.urgent = "yes";
    return item;
  }));
  status.textContent = notes.length === 0 ? "No notes yet." : `${notes.length} note${notes.length === 1 ? "" : "s"} saved.`;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = document.getElementById("note").value.trim();
  if (!text) return;
  const { notes = [] } = await browser.storage.local.get("notes");
  notes.push({ text, priority: form.elements.priority.value, urgent: document.getElementById("urgent").checked });
  await browser.storage.local.set({ notes });
  form.reset();
  show(notes);
});

document.addEventListener("DOMContentLoaded", async () => {
  const { notes = [] } = await browser.storage.local.get("notes");
  show(notes);
});
