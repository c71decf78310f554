// The benchmark popup in jsdom, as extension authors load a popup in tests today (webextensions-jsdom does the same:
// JSDOM.fromFile with scripts run and resources loaded). Prints one JSON line of medians.
// Usage: node --expose-gc jsdom-popup.mjs <extension folder> [opens] [clicks] [pages]
import { JSDOM } from "jsdom";
import path from "node:path";
import { performance } from "node:perf_hooks";

const [folder, opens = "300", clicks = "20000", pages = "200"] = process.argv.slice(2);
const popup = path.join(folder, "popup.html");

async function open() {
  const dom = await JSDOM.fromFile(popup, { runScripts: "dangerously", resources: "usable", url: "file://" + popup });
  await new Promise((resolve) => dom.window.addEventListener("load", resolve));
  return dom;
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

// Opened through load, then closed, warm.
for (let i = 0; i < 50; i++) (await open()).window.close();
const openTimes = [];
for (let i = 0; i < Number(opens); i++) {
  const start = performance.now();
  const dom = await open();
  dom.window.close();
  openTimes.push((performance.now() - start) * 1000);
}

// A click whose listener updates one element.
const dom = await open();
const button = dom.window.document.getElementById("increment");
for (let i = 0; i < 1000; i++) button.click();
const clickTimes = [];
for (let i = 0; i < Number(clicks); i++) {
  const start = performance.now();
  button.click();
  clickTimes.push((performance.now() - start) * 1000);
}
dom.window.close();

// Memory kept per open page.
global.gc(); global.gc();
const before = process.memoryUsage();
const held = [];
for (let i = 0; i < Number(pages); i++) held.push(await open());
global.gc(); global.gc();
const after = process.memoryUsage();
const perPage = (after.heapUsed + after.external - before.heapUsed - before.external) / held.length;

console.log(JSON.stringify({
  jsdom: JSON.parse((await import("node:fs")).readFileSync(new URL("./node_modules/jsdom/package.json", import.meta.url))).version,
  node: process.version,
  openMedianMicroseconds: median(openTimes),
  clickMedianMicroseconds: median(clickTimes),
  retainedBytesPerPage: perPage,
}));
for (const d of held) d.window.close();
