// The Node peers of the peer benchmarks (tests/ActorRuntime.Benchmarks, `peers`): webextensions-jsdom, and Node's `vm`
// contexts as the raw floor, measured on the same extension and scenarios as ActorRuntime. Prints one JSON line.
// Usage: node --expose-gc node-peers.mjs jsdom|vm <extension folder> [json settings]
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const [peer, folder, settingsJson = "{}"] = process.argv.slice(2);
const settings = Object.assign({ loads: 200, coldStarts: 200, memory: 200, loop: 1000, loopRuns: 20, many: 10000, warmupSeconds: 15 }, JSON.parse(settingsJson));
const manifestPath = path.join(folder, "manifest.json");
const scenarios = JSON.parse(fs.readFileSync(path.join(here, "scenarios.json"), "utf8"));
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** A peer: load(withPopup) → { evalInPopup(code) → Promise, unload() → Promise }. */
function jsdomPeer() {
  const wejs = require("webextensions-jsdom");
  const version = require("webextensions-jsdom/package.json").version;
  const jsdomVersion = require(require.resolve("jsdom/package.json", { paths: [require.resolve("webextensions-jsdom")] })).version;
  const quiet = () => { const console = new (require("jsdom").VirtualConsole)(); return console; };
  return {
    name: "webextensions-jsdom", version: `${version} (jsdom ${jsdomVersion})`,
    async load(withPopup) {
      let background;
      // webextensions-jsdom stubs `browser` with sinon (wiring: sendMessage → the background's onMessage listeners);
      // getBackgroundPage is a stub too: it answers the background's window, as a test author wires it.
      const extension = await wejs.fromManifest(manifestPath, {
        wiring: true,
        background: { afterBuild: (built) => { background = built; } },
        popup: withPopup ? { jsdom: { beforeParse: (window) => { window.browser.runtime.getBackgroundPage.callsFake(async () => background.window); } } } : false,
      });
      return {
        evalInPopup: (code) => extension.popup.window.eval(code),
        backgroundReady: () => extension.background.window.started === true,
        popupReady: () => extension.popup.window.ready === true,
        unload: () => extension.destroy(),
      };
    },
    // A background alone from the manifest read once (jsdom keeps no parsed script: it reads and parses again).
    async startBackground(manifest) {
      const builder = new wejs.WebExtensionsJSDOM({ wiring: true });
      const background = await builder.buildBackground(manifest.background, folder, {});
      return { backgroundReady: () => background.window.started === true, unload: () => builder.webExtension.destroy() };
    },
  };
}

function vmPeer() {
  let compiled;
  const prelude = new vm.Script(fs.readFileSync(path.join(here, "raw-context.js"), "utf8"), { filename: "raw-context.js" });
  return {
    name: "Node vm contexts", version: "vm",
    async load(withPopup) {
      const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
      let background;
      const host = {
        send: (message) => vm.runInContext("__dispatch", background)(message),
        background: () => vm.runInContext("globalThis", background),
      };
      const context = (files) => {
        const sandbox = vm.createContext({ __host: host });
        prelude.runInContext(sandbox);
        for (const file of files) {
          const full = path.join(folder, file);
          new vm.Script(fs.readFileSync(full, "utf8"), { filename: full }).runInContext(sandbox);
        }
        return sandbox;
      };
      background = context(manifest.background.scripts);
      let popup;
      if (withPopup) {
        const html = fs.readFileSync(path.join(folder, manifest.browser_action.default_popup), "utf8");
        popup = context([...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]));
      }
      return {
        evalInPopup: (code) => vm.runInContext(code, popup),
        backgroundReady: () => vm.runInContext("started", background) === true,
        popupReady: () => vm.runInContext("ready", popup) === true,
        unload: async () => { background = popup = null; },
      };
    },
    // A background alone from its script compiled once (a vm.Script run in a new context).
    async startBackground(manifest) {
      compiled ??= manifest.background.scripts.map((file) => new vm.Script(fs.readFileSync(path.join(folder, file), "utf8"), { filename: path.join(folder, file) }));
      let background;
      const host = { send: (message) => vm.runInContext("__dispatch", background)(message), background: () => vm.runInContext("globalThis", background) };
      background = vm.createContext({ __host: host });
      prelude.runInContext(background);
      for (const script of compiled) script.runInContext(background);
      return { backgroundReady: () => vm.runInContext("started", background) === true, unload: async () => { background = null; } };
    },
  };
}

function retained() {
  global.gc(); global.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

/** The median of timings of `timed` (after warm-up); `after` runs untimed after each, with what `timed` answered. */
async function timeEach(count, warmup, timed, after = async () => {}) {
  return (await time(count, warmup, timed, after)).median;
}

/** As timeEach, with the process's CPU time per action (user + system, every thread); warm-up: `warmup` times and at least `warmupSeconds`. */
async function time(count, warmup, timed, after = async () => {}, warmupSeconds = 0) {
  const warming = performance.now();
  for (let i = 0; i < warmup || performance.now() - warming < warmupSeconds * 1000; i++) await after(await timed());
  const times = [];
  let cpu = 0;
  for (let i = 0; i < count; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const value = await timed();
    times.push((performance.now() - start) * 1000);
    const used = process.cpuUsage(cpuStart);
    cpu += used.user + used.system;
    await after(value);
  }
  return { median: median(times), cpu: cpu / count };
}

const p = peer === "jsdom" ? jsdomPeer() : vmPeer();
const result = { peer: p.name, version: `${p.version} on Node ${process.version}`, settings };

// Load from the manifest, background and popup, until both have run their scripts; then unload.
const load = await time(settings.loads, Math.min(50, settings.loads), () => p.load(true), async (loaded) => {
  if (!loaded.backgroundReady() || !loaded.popupReady()) throw new Error("not loaded");
  await loaded.unload();
}, settings.warmupSeconds);
result.loadMedianUs = load.median;
result.loadCpuUs = load.cpu;

// Cold start of the background alone, the manifest read once.
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
const cold = await time(settings.coldStarts, Math.min(50, settings.coldStarts), () => p.startBackground(manifest), async (started) => {
  if (!started.backgroundReady()) throw new Error("not started");
  await started.unload();
}, settings.warmupSeconds);
result.coldStartMedianUs = cold.median;
result.coldStartCpuUs = cold.cpu;

// The popup's calls into the background: per call, the median of runs of a loop inside the popup.
async function perCall(code, expected) {
  const loaded = await p.load(true);
  const text = code.replaceAll("{n}", String(settings.loop));
  const answer = await loaded.evalInPopup(text);
  if (answer !== expected) throw new Error(`expected ${expected}, got ${answer}`);
  const us = await timeEach(settings.loopRuns, 3, () => loaded.evalInPopup(text)) / settings.loop;
  await loaded.unload();
  return { perCallUs: us, answer };
}
result.cross = await perCall(scenarios.cross, settings.loop * (settings.loop - 1));
result.message = await perCall(scenarios.message, settings.loop);

// Memory per loaded extension (background + popup), kept open together.
{
  const warm = await p.load(true);
  const before = retained();
  const held = [];
  for (let i = 0; i < settings.memory; i++) held.push(await p.load(true));
  const after = retained();
  result.memory = { extensions: settings.memory, heapBytesPerExtension: (after.heap - before.heap) / held.length, rssBytesPerExtension: (after.rss - before.rss) / held.length };
  for (const loaded of held) await loaded.unload();
  await warm.unload();
  held.length = 0;
}

// Many extensions in one process, background running: time to load them all, and memory per extension.
{
  const before = retained();
  const held = [];
  const start = performance.now();
  for (let i = 0; i < settings.many; i++) held.push(await p.load(false));
  const seconds = (performance.now() - start) / 1000;
  const after = retained();
  result.many = { extensions: settings.many, seconds, heapBytesPerExtension: (after.heap - before.heap) / held.length, rssBytesPerExtension: (after.rss - before.rss) / held.length };
  for (const loaded of held) await loaded.unload();
}

console.log(JSON.stringify(result));
