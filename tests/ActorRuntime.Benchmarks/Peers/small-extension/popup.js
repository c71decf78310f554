'use strict';
// The peer benchmarks' popup: reads its elements and asks the background when clicked.
var statusLine = document.getElementById('status');
var button = document.getElementById('toggle');
statusLine.textContent = 'Ready';
button.addEventListener('click', function () {
  browser.runtime.sendMessage({ kind: 'toggle' }).then(function (answer) {
    statusLine.textContent = answer.enabled ? 'On' : 'Off';
  });
});
var ready = true;
