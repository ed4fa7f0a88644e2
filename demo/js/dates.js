// Writes the dates marked data-days-ago relative to today, so the demo's news column stays fresh and the
// unanswered message stays about four months old whenever the demo is opened. Runs before the page's
// DOMContentLoaded, so the extension's first scan already sees the dates.
(function () {
  var today = new Date();
  var nodes = document.querySelectorAll('[data-days-ago]');
  for (var i = 0; i < nodes.length; i++) {
    var d = new Date(today.getFullYear(), today.getMonth(), today.getDate() - Number(nodes[i].getAttribute('data-days-ago')));
    var mm = String(d.getMonth() + 1).padStart(2, '0');
    var dd = String(d.getDate()).padStart(2, '0');
    nodes[i].textContent = d.getFullYear() + '-' + mm + '-' + dd;
  }
})();
