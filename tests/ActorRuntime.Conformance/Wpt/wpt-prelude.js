// The conformance harness's prelude (see tests/wpt/README.md): put first in the generated extension's copy of
// testharness.js (WPT's own file is not changed; no page gets an extra element). It
// fills in, only where the runtime lacks them, the few window members testharness.js itself needs to run at all, so
// that the tests measure the DOM rather than fail as a whole; what it had to fill in is listed in
// self.__wptPreludeFilled and reported in docs/dom-conformance.md as runtime gaps.
(function () {
  "use strict";
  var filled = [];
  function fill(name, value) {
    if (self[name] === undefined) {
      Object.defineProperty(self, name, { value: value, configurable: true, writable: true });
      filled.push(name);
    }
  }
  // A top-level browsing context is its own parent and top, and has no opener.
  fill("parent", self);
  fill("top", self);
  fill("opener", null);
  Object.defineProperty(self, "__wptPreludeFilled", { value: filled });
})();
