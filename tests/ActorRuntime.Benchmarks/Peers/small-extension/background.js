'use strict';
// The peer benchmarks' background: about 2 KB of ordinary code (settings, a small cache, listeners).
var settings = { enabled: true, theme: 'light', limit: 20, blocked: ['example.com', 'tracker.test'] };
var counters = { messages: 0, lookups: 0, hits: 0 };
var cache = new Map();

function foo(x) { return x * 2; }

function normalise(url) {
  var text = String(url || '').trim().toLowerCase();
  var hash = text.indexOf('#');
  return hash < 0 ? text : text.slice(0, hash);
}

function hostOf(url) {
  var match = /^[a-z]+:\/\/([^/:]+)/.exec(normalise(url));
  return match ? match[1] : '';
}

function isBlocked(url) {
  var host = hostOf(url);
  counters.lookups++;
  if (cache.has(host)) { counters.hits++; return cache.get(host); }
  var blocked = settings.blocked.some(function (b) { return host === b || host.endsWith('.' + b); });
  if (cache.size >= settings.limit) cache.delete(cache.keys().next().value);
  cache.set(host, blocked);
  return blocked;
}

function summary() {
  return {
    enabled: settings.enabled,
    messages: counters.messages,
    lookups: counters.lookups,
    hitRate: counters.lookups ? counters.hits / counters.lookups : 0,
  };
}

function toggle(enabled) {
  settings.enabled = typeof enabled === 'boolean' ? enabled : !settings.enabled;
  return settings.enabled;
}

function handle(message) {
  if (typeof message === 'number') return message + 1;
  if (!message || typeof message !== 'object') return null;
  switch (message.kind) {
    case 'check': return { blocked: isBlocked(message.url) };
    case 'toggle': return { enabled: toggle(message.enabled) };
    case 'summary': return summary();
    default: return { error: 'unknown kind ' + message.kind };
  }
}

// A listener that answers with a promise, as Firefox's runtime.onMessage allows (and both peers wire).
browser.runtime.onMessage.addListener(function (message, sender) {
  counters.messages++;
  return Promise.resolve(handle(message));
});

var started = true;
