// "My reports" without an account: the phone kept each report's number and
// tracking token; the server renders their rows (state, time left, and the
// form to confirm the fix) after checking each token.
(function () {
  'use strict';
  var list = document.getElementById('tracked');
  if (!list) return;

  function load() {
    var rs = GJ.outbox ? GJ.outbox.receipts().filter(function (r) { return r.token; }) : [];
    var none = document.getElementById('none');
    if (!rs.length) {
      if (none && !document.getElementById('mine')) none.hidden = false;
      return;
    }
    fetch('/my/tracked', {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(rs.map(function (r) { return { number: r.number, token: r.token }; }))
    }).then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); }).then(function (html) {
      list.innerHTML = html;
      document.getElementById('tracked-section').hidden = !list.children.length;
      if (none) none.hidden = true;
      GJ.tick();
    }).catch(function () { /* offline: the waiting list still shows */ });
  }

  document.addEventListener('DOMContentLoaded', load);
  document.addEventListener('gj:sent', load);
})();
