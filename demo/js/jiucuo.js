// The demo's stand-in for the national error-report widget (找错/纠错): it adds a 我要纠错 link beside
// the script tag, as the real widget does, pointing at the site's own feedback page.
(function () {
  var script = document.getElementById('_jiucuo_');
  if (!script) return;
  var link = document.createElement('a');
  link.className = 'jiucuo';
  link.href = 'list.html?lm=jiucuo&site_code=' + encodeURIComponent(script.getAttribute('sitecode') || '');
  link.textContent = '我要纠错';
  script.parentNode.insertBefore(link, script);
})();
