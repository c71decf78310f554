// The conformance harness's stand-in for WPT's resources/testharnessreport.js (see tests/wpt/README.md): every test
// page loads it right after testharness.js. It turns off testharness's own rendering of results into the page (the
// measurement is of the tests, not of the result table) and keeps the results of the completed run where the harness
// reads them with an evaluation: self.__wptReport() is null until testharness has completed, then the JSON of
// { status, message, tests: [{ name, status, message }] } with testharness's numeric statuses.
(function () {
  "use strict";
  var report = null;
  setup({ output: false });
  add_completion_callback(function (tests, harness) {
    var list = [];
    for (var i = 0; i < tests.length; i++) {
      var t = tests[i];
      list.push({ name: String(t.name), status: t.status, message: t.message == null ? null : String(t.message) });
    }
    report = JSON.stringify({
      status: harness.status,
      filled: self.__wptPreludeFilled ? self.__wptPreludeFilled.slice() : [],
      message: harness.message == null ? null : String(harness.message),
      tests: list,
    });
  });
  Object.defineProperty(self, "__wptReport", { value: function () { return report; } });
})();
