browser.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && changes.notes) {
    const notes = changes.notes.newValue;
    const last = notes[notes.length - 1];
    console.log(`saved note ${notes.length}: ${last.text} (${last.priority}${last.urgent ? ", urgent" : ""})`);
  }
});
