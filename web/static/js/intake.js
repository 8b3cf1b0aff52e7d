// The operator's intake form: shows the chosen category's questions and,
// as the operator types the caller's number or sets the category and the
// place, asks the server for the caller's earlier cases and the likely
// duplicates (a fragment rendered by /console/intake/check).
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.getElementById('intake-form');
    var panel = document.getElementById('call-check');
    if (!form || !panel) return;
    var cat = document.getElementById('category');
    function showAttrs() {
      form.querySelectorAll('.attrs').forEach(function (el) {
        el.hidden = el.getAttribute('data-category') !== cat.value;
      });
    }
    cat.addEventListener('change', showAttrs);
    showAttrs();

    var timer = null, seq = 0;
    function check() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var q = new URLSearchParams();
        ['phone', 'category', 'lat', 'lng'].forEach(function (k) {
          var el = document.getElementById(k);
          if (el && el.value.trim()) q.set(k, el.value.trim());
        });
        if (!q.has('lat') || !q.has('lng')) { q.delete('lat'); q.delete('lng'); }
        var mine = ++seq;
        fetch(panel.getAttribute('data-check-url') + '?' + q.toString(), { credentials: 'same-origin' })
          .then(function (res) { return res.ok ? res.text() : null; })
          .then(function (html) { if (html !== null && mine === seq) panel.innerHTML = html; })
          .catch(function () {});
      }, 300);
    }
    form.querySelectorAll('[data-check]').forEach(function (el) {
      el.addEventListener('input', check);
      el.addEventListener('change', check);
    });
    form.addEventListener('gj:picked', check);
    var answered = document.getElementById('answered'), answer = document.getElementById('answer');
    answer.addEventListener('input', function () { if (answer.value.trim()) answered.checked = true; });
  });
})();
