// The raw peers' stand-in for the browser inside one context (Node's vm and ClearScript V8 run the same file): just
// enough `browser` for the benchmark extension's scripts, on a bridge the host passes as `__host`. No DOM: `document` hands
// out plain objects, so these peers are the floor (an engine context and the scripts), not an extension runtime. Messages are
// passed as they are (no structured clone), as the floor does the least.
(function (host) {
  var listeners = [];
  var elements = {};
  // The background's side: the first listener's answer (a promise or a value) as a promise.
  globalThis.__dispatch = function (message) {
    for (var i = 0; i < listeners.length; i++) {
      var answer = listeners[i](message, { id: 'peer' });
      if (answer !== undefined) return Promise.resolve(answer);
    }
    return Promise.resolve(undefined);
  };
  var runtime = {
    onMessage: {
      addListener: function (listener) { listeners.push(listener); },
      removeListener: function (listener) { listeners = listeners.filter(function (l) { return l !== listener; }); },
      hasListener: function (listener) { return listeners.indexOf(listener) >= 0; },
    },
    sendMessage: function (message) { return Promise.resolve(host.send(message)); },
    getBackgroundPage: function () { return Promise.resolve(host.background()); },
  };
  globalThis.browser = globalThis.chrome = { runtime: runtime };
  globalThis.document = {
    getElementById: function (id) {
      return elements[id] || (elements[id] = {
        id: id, textContent: '', handlers: {},
        addEventListener: function (type, handler) { (this.handlers[type] = this.handlers[type] || []).push(handler); },
      });
    },
  };
  globalThis.window = globalThis;
})(__host);
