namespace ActorRuntime.FrontDoor.Status;

/// <summary>
/// The status page's inline style and script (no build step, no external asset). The script fetches
/// <c>status.json</c> every <c>refreshMs</c> (set before it, from <c>actorruntime.status.page-refresh</c>) and renders
/// the sections <see cref="StatusPage"/> rendered on the server, the same way; what comes from the cluster is only
/// ever set as text (<c>textContent</c>), never parsed as markup.
/// </summary>
internal static class StatusPageAssets
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1d2430; --muted: #5b6675; --line: #dde2e8; --act: #2f6fde; --wake: #e08a1e; --bad: #c0392b; --ok: #1e8e4f; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); background: #f6f7f9; }
        header { padding: 16px 24px; background: #1d2430; color: #fff; }
        header h1 { margin: 0 0 4px; font-size: 20px; }
        header p { margin: 0; color: #c9d1dc; }
        header code { color: #fff; }
        main { padding: 8px 24px 32px; display: grid; gap: 16px; }
        section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; overflow-x: auto; }
        h2 { margin: 0 0 8px; font-size: 16px; }
        h3 { margin: 12px 0 4px; font-size: 14px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { color: var(--muted); font-weight: 600; }
        code, .lines, .id { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
        .live { display: inline-block; padding: 0 8px; border-radius: 10px; background: var(--ok); color: #fff; font-size: 12px; }
        .live.off { background: var(--bad); }
        .bad { color: var(--bad); }
        .empty { color: var(--muted); }
        .summary { margin: 0 0 4px; color: var(--muted); }
        .status, .phase { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eef1f5; }
        .status-up, .phase-running { background: #dff3e7; color: #14613a; }
        .status-leaving, .status-exiting, .status-joining, .phase-starting, .phase-suspending { background: #fff1d6; color: #7a4b00; }
        .status-down, .status-removed, .phase-halted { background: #fbe0dd; color: #8e2318; }
        .phase-suspended, .phase-worker-stopped, .phase-stopped { background: #e7ecf3; color: #44526a; }
        .chart { display: flex; gap: 4px; align-items: flex-end; height: 110px; }
        .col { flex: 1; display: flex; flex-direction: column; align-items: center; min-width: 28px; }
        .bars { display: flex; gap: 2px; align-items: flex-end; height: 90px; width: 100%; justify-content: center; border-bottom: 1px solid var(--line); }
        .bar { width: 40%; min-height: 1px; }
        .act { background: var(--act); }
        .wake { background: var(--wake); }
        .col span { font-size: 10px; color: var(--muted); }
        .key { display: inline-block; width: 10px; height: 10px; border-radius: 2px; }
        .totals { margin: 6px 0 0; color: var(--muted); }
        .lines { list-style: none; margin: 0; padding: 0; max-height: 360px; overflow-y: auto; }
        .lines:empty::after { content: "none"; color: var(--muted); }
        .line { padding: 2px 0; border-bottom: 1px dotted var(--line); white-space: pre-wrap; word-break: break-word; }
        .line time { color: var(--muted); }
        .line .ext { color: #5a3ea8; }
        .line .label { color: var(--muted); }
        .level-error .text { color: var(--bad); }
        .level-warn .text { color: #8a5a00; }
        """;

    public const string Script = """
        (() => {
          'use strict';
          const maxLines = 500;
          const levels = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
          const $ = id => document.getElementById(id);
          const el = (tag, cls, text) => {
            const node = document.createElement(tag);
            if (cls) node.className = cls;
            if (text !== undefined && text !== null) node.textContent = String(text);
            return node;
          };
          const cell = (...children) => { const td = el('td'); td.append(...children); return td; };
          const time = iso => new Date(iso).toISOString().slice(11, 19);
          const count = value => Number.isFinite(value) ? value : 0;

          function members(view) {
            $('members').tBodies[0].replaceChildren(...view.members.map(member => {
              const row = el('tr');
              row.dataset.member = member.address;
              const flags = [member.isLeader ? 'leader' : null, member.isSelf ? 'this node' : null].filter(Boolean).join(' ');
              row.append(cell(el('code', null, member.address)),
                cell(el('span', 'status status-' + String(member.status).toLowerCase(), member.status)),
                member.reachable ? cell('yes') : cell(el('span', 'bad', 'unreachable')),
                cell(member.roles.join(', ')), cell(flags));
              return row;
            }));
          }

          function activity(view) {
            const byMinute = new Map();
            for (const node of view.nodes) for (const minute of (node.report ? node.report.activity : [])) {
              const sum = byMinute.get(minute.minute) || { activations: 0, wakes: 0 };
              sum.activations += count(minute.activations);
              sum.wakes += count(minute.wakes);
              byMinute.set(minute.minute, sum);
            }
            const minutes = [...byMinute.entries()].sort((a, b) => Date.parse(a[0]) - Date.parse(b[0]));
            const peak = Math.max(1, ...minutes.map(([, sum]) => Math.max(sum.activations, sum.wakes)));
            const chart = el('div', 'chart');
            for (const [minute, sum] of minutes) {
              const label = time(minute).slice(0, 5);
              const col = el('div', 'col');
              col.title = `${label} UTC: ${sum.activations} activations, ${sum.wakes} wakes`;
              const bars = el('div', 'bars');
              const act = el('div', 'bar act');
              act.style.height = Math.floor(sum.activations * 100 / peak) + '%';
              const wake = el('div', 'bar wake');
              wake.style.height = Math.floor(sum.wakes * 100 / peak) + '%';
              bars.append(act, wake);
              col.append(bars, el('span', null, label));
              chart.append(col);
            }
            const totals = el('p', 'totals');
            const activations = el('span', null, minutes.reduce((n, [, sum]) => n + sum.activations, 0));
            activations.id = 'activations';
            const wakes = el('span', null, minutes.reduce((n, [, sum]) => n + sum.wakes, 0));
            wakes.id = 'wakes';
            totals.append(el('span', 'key act'), ' ', activations, ' activations · ', el('span', 'key wake'), ' ', wakes,
              ` wakes over the last ${minutes.length} minutes`);
            $('activity').replaceChildren(chart, totals);
          }

          // As StatusPage.Summary writes it.
          function summary(report) {
            let text = `${report.installed} installed · ${report.active} active`;
            if (report.unloaded > 0) text += ` · ${report.unloaded} unloaded`;
            if (report.notListed > 0) text += ` · ${report.notListed} more extensions not listed`;
            if (report.linesLeftOut > 0) text += ` · ${report.linesLeftOut} older lines left out`;
            return text;
          }

          function node(view) {
            const article = el('article', 'node');
            article.dataset.node = view.address;
            const title = el('h3');
            title.append(el('code', null, view.address));
            article.append(title);
            const report = view.report;
            if (!report) { article.append(el('p', 'bad', view.problem)); return article; }
            article.append(el('p', 'summary', summary(report)));
            const table = el('table', 'extensions');
            const head = el('tr');
            for (const name of ['extension', 'phase', 'contexts', 'wakes', 'since']) head.append(el('th', null, name));
            table.createTHead().append(head);
            const body = table.createTBody();
            for (const extension of report.extensions) {
              const row = el('tr');
              row.dataset.extension = extension.id;
              const id = el('td', 'id', extension.id);
              const contexts = el('td', 'contexts', extension.contexts.join(', '));
              row.append(id, cell(el('span', 'phase phase-' + String(extension.phase).replace(/ /g, '-'), extension.phase)), contexts,
                cell(count(extension.wakes)), cell(time(extension.activeSince)));
              body.append(row);
            }
            if (report.extensions.length === 0) {
              const empty = el('td', 'empty', 'no extension active on this node');
              empty.colSpan = 5;
              const row = el('tr');
              row.append(empty);
              body.append(row);
            }
            article.append(table);
            return article;
          }

          function nodes(view) {
            const list = view.nodes.map(node);
            if (list.length === 0) list.push(el('p', 'empty', 'no node hosting extensions is up'));
            $('nodes').replaceChildren(...list);
          }

          function lines(id, view, pick) {
            const all = view.nodes.flatMap(node => node.report ? pick(node.report) : []);
            // By time, then as each node listed them (a stable sort keeps that order).
            all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
            $(id).replaceChildren(...all.slice(-maxLines).map(line => {
              const item = el('li', 'line level-' + (levels.includes(line.level) ? line.level : 'other'));
              item.append(el('time', null, time(line.at)), ' ', el('span', 'ext', line.extensionId), ' ',
                el('span', 'label', '[' + line.label + ']'), ' ', el('span', 'text', line.text));
              return item;
            }));
          }

          let refreshes = 0;
          function render(view) {
            $('self').textContent = view.self;
            $('updated').textContent = time(view.at);
            members(view);
            activity(view);
            nodes(view);
            lines('errors', view, report => report.errors);
            lines('console', view, report => report.console);
            document.documentElement.dataset.refreshes = String(++refreshes);
          }

          async function refresh() {
            const live = $('live');
            try {
              const response = await fetch('status.json', { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
              if (!response.ok) throw new Error('status ' + response.status);
              render(await response.json());
              live.textContent = 'live';
              live.className = 'live';
            } catch (failure) {
              live.textContent = 'disconnected (' + failure.message + ')';
              live.className = 'live off';
            } finally {
              setTimeout(refresh, refreshMs);
            }
          }
          setTimeout(refresh, refreshMs);
        })();
        """;
}
