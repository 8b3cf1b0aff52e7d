// The inspection form's offline queue. An inspection submitted without a
// connection is kept on the phone (IndexedDB, with its photos) and sent,
// as the same multipart form, when the connection returns — on this page
// or the next one that loads this script. The form's client_id makes a
// resend harmless: the server returns the inspection it already has. The
// report page's queue (outbox.js) posts reports to the JSON API and is not
// shared; this one keeps whole forms.
(function () {
  'use strict';
  var DB = 'guanjia-inspect', STORE = 'queue';

  function open() {
    return new Promise(function (ok, fail) {
      var rq = indexedDB.open(DB, 1);
      rq.onupgradeneeded = function () { rq.result.createObjectStore(STORE, { keyPath: 'client_id' }); };
      rq.onsuccess = function () { ok(rq.result); };
      rq.onerror = function () { fail(rq.error); };
    });
  }
  function tx(mode, fn) {
    return open().then(function (db) {
      return new Promise(function (ok, fail) {
        var t = db.transaction(STORE, mode), rq = fn(t.objectStore(STORE));
        t.oncomplete = function () { db.close(); ok(rq && rq.result); };
        t.onerror = t.onabort = function () { db.close(); fail(t.error); };
      });
    });
  }
  function all() { return tx('readonly', function (s) { return s.getAll(); }); }

  function state(n) {
    var el = document.getElementById('inspect-queue');
    if (!el) return;
    el.hidden = n === 0;
    el.textContent = n ? GJ.t('Not sent yet: no connection.') + ' (' + n + ')' : '';
  }

  // send posts one kept form; a refusal (4xx) is dropped, as a retry would
  // be refused again.
  function send(item) {
    var fd = new FormData();
    item.fields.forEach(function (f) { if (f[2] !== undefined) fd.append(f[0], f[1], f[2]); else fd.append(f[0], f[1]); });
    return fetch(item.action, { method: 'POST', body: fd, credentials: 'same-origin' }).then(function (r) {
      if (r.ok || (r.status >= 400 && r.status < 500)) return tx('readwrite', function (s) { return s.delete(item.client_id); });
      throw new Error(String(r.status));
    });
  }

  var busy = false;
  function flush() {
    if (busy || !navigator.onLine) return all().then(function (items) { state(items.length); });
    busy = true;
    return all().then(function (items) {
      return items.reduce(function (p, it) { return p.then(function () { return send(it); }); }, Promise.resolve());
    }).catch(function () { /* kept for the next try */ }).then(function () {
      busy = false;
      return all().then(function (items) { state(items.length); });
    });
  }

  var form = document.getElementById('inspection-form');
  if (form) {
    form.addEventListener('submit', function (e) {
      if (navigator.onLine) return; // the page submits itself
      e.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (v, k) {
        if (v instanceof File) { if (v.size > 0) fields.push([k, v, v.name]); } else fields.push([k, v]);
      });
      var item = { client_id: form.elements.client_id.value, action: form.getAttribute('action'), fields: fields };
      tx('readwrite', function (s) { return s.put(item); }).then(function () {
        GJ.announce(GJ.t('Saved on this phone; it will be sent when the connection returns.'));
        var done = document.getElementById('inspect-saved');
        if (done) done.hidden = false;
        form.hidden = true;
        return flush();
      });
    });
  }
  window.addEventListener('online', flush);
  flush();
})();
