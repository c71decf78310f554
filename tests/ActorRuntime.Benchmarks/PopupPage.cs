using System.Text;

namespace ActorRuntime.Benchmarks;

/// <summary>
/// The popup the page benchmarks open: about 2 KB of HTML (a form, a list, buttons: 40-odd elements) and about 5 KB of
/// ordinary popup script (listeners, a list built from data, a counter), written once to a folder the runtime and the
/// jsdom peer both load.
/// </summary>
internal static class PopupPage
{
    public static string Html()
    {
        var items = string.Concat(Enumerable.Range(1, 12).Select(i => $"\n      <li class=\"item\" data-id=\"{i}\"><span class=\"name\">Item {i}</span> <button class=\"remove\" data-id=\"{i}\">x</button></li>"));
        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Benchmark popup</title>
              <link rel="stylesheet" href="popup.css">
            </head>
            <body>
              <header><h1>Tasks</h1><p id="summary">Loading…</p></header>
              <form id="add-form">
                <label for="title">Title</label>
                <input id="title" name="title" placeholder="New task" required>
                <select id="priority" name="priority"><option value="low">Low</option><option value="normal" selected>Normal</option><option value="high">High</option></select>
                <label><input type="checkbox" id="pinned" name="pinned"> pinned</label>
                <button id="add" type="submit">Add</button>
              </form>
              <ul id="list">{{items}}
              </ul>
              <footer>
                <button id="increment">+1</button> <span id="count">0</span>
                <button id="clear">Clear</button>
              </footer>
              <script src="popup.js"></script>
            </body>
            </html>
            """;
    }

    public static string Script()
    {
        var script = new StringBuilder("""
            'use strict';
            const state = { tasks: [], count: 0, filter: 'all' };
            const list = document.getElementById('list');
            const summary = document.getElementById('summary');
            const count = document.getElementById('count');
            function render() {
              const visible = state.tasks.filter((t) => state.filter === 'all' || t.priority === state.filter);
              summary.textContent = `${visible.length} of ${state.tasks.length} tasks`;
            }
            function addTask(title, priority, pinned) {
              const task = { id: state.tasks.length + 100, title, priority, pinned, created: Date.now() };
              state.tasks.push(task);
              const li = document.createElement('li');
              li.className = 'item ' + priority;
              li.dataset.id = String(task.id);
              const name = document.createElement('span');
              name.className = 'name';
              name.textContent = title;
              li.append(name, ' ');
              if (pinned) li.classList.add('pinned');
              list.appendChild(li);
              render();
              return task;
            }
            document.getElementById('add-form').addEventListener('submit', (event) => {
              event.preventDefault();
              const form = event.target;
              addTask(form.elements.title.value, form.elements.priority.value, document.getElementById('pinned').checked);
              form.reset();
            });
            list.addEventListener('click', (event) => {
              const button = event.target.closest('button.remove');
              if (!button) return;
              const item = button.closest('li');
              state.tasks = state.tasks.filter((t) => String(t.id) !== item.dataset.id);
              item.remove();
              render();
            });
            document.getElementById('increment').addEventListener('click', () => {
              state.count += 1;
              count.textContent = String(state.count);
            });
            document.getElementById('clear').addEventListener('click', () => {
              state.tasks = [];
              list.replaceChildren();
              render();
            });
            for (const li of document.querySelectorAll('#list .item')) {
              state.tasks.push({ id: Number(li.dataset.id), title: li.querySelector('.name').textContent, priority: 'normal', pinned: false });
            }

            """);
        // Helpers of the kind popups carry (formatting, validation, small utilities), up to about 5 KB in all.
        for (var i = 0; script.Length < 5000; i++)
            script.Append($$"""
                function format{{i}}(task) { const parts = [task.title, task.priority]; if (task.pinned) parts.push('pinned'); return parts.join(' · ') + ' #{{i}}'; }

                """);
        script.Append("document.addEventListener('DOMContentLoaded', render);\n");
        return script.ToString();
    }

    /// <summary>An extension whose popup is this page (background: one line), in a temporary folder.</summary>
    public static string WriteExtension()
    {
        var dir = BenchmarkExtensions.Write("var started = true;");
        File.WriteAllText(Path.Combine(dir, "popup.html"), Html());
        File.WriteAllText(Path.Combine(dir, "popup.js"), Script());
        File.WriteAllText(Path.Combine(dir, "popup.css"), "body { font-family: sans-serif; }\n");
        return dir;
    }
}
