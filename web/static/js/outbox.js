// The offline report queue. A report is first kept on the phone, in
// IndexedDB with its photos and a client_id; a sender uploads the photos,
// then posts the case, and forgets the report only once the server has
// answered 200 or 201. The server returns the existing case for a client_id
// it has seen, so a retry never makes a second case. Receipts (case number
// and tracking token) stay in localStorage for "my reports".
(function () {
  'use strict';
  var DB = 'guanjia', STORE = 'outbox', RECEIPTS = 'guanjia.reports';

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
  function put(item) { return tx('readwrite', function (s) { return s.put(item); }); }
  function remove(id) { return tx('readwrite', function (s) { return s.delete(id); }); }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function receipts() {
    try { return JSON.parse(localStorage.getItem(RECEIPTS) || '[]'); } catch (e) { return []; }
  }
  function keep(r) {
    var list = receipts().filter(function (x) { return x.number !== r.number; });
    list.unshift(r);
    localStorage.setItem(RECEIPTS, JSON.stringify(list.slice(0, 100)));
  }

  function check(r) {
    if (r.ok) return r.json();
    return r.json().catch(function () { return {}; }).then(function (j) {
      var e = new Error((j.error && j.error.message) || String(r.status));
      e.status = r.status;
      throw e;
    });
  }

  function post(url, body, json) {
    var init = { method: 'POST', body: body, credentials: 'same-origin' };
    if (json) init.headers = { 'Content-Type': 'application/json' };
    return fetch(url, init).then(check);
  }

  // send delivers one report: photos not yet uploaded, then the case.
  function send(item) {
    if (item.failed) return Promise.resolve();
    var chain = Promise.resolve();
    item.photos.forEach(function (p, i) {
      chain = chain.then(function () {
        if (p.hash) return;
        var fd = new FormData();
        fd.append('photo', p.blob, 'photo-' + (i + 1) + '.jpg');
        return post('/api/v1/photos', fd).then(function (j) { p.hash = j.hash; return put(item); });
      });
    });
    return chain.then(function () {
      var body = Object.assign({}, item.report, { client_id: item.client_id, photos: item.photos.map(function (p) { return p.hash; }) });
      return post('/api/v1/cases', JSON.stringify(body), true);
    }).then(function (c) {
      keep({ number: c.number, token: c.tracking_token || '', id: c.id, at: Date.now() });
      return remove(item.client_id).then(function () {
        document.dispatchEvent(new CustomEvent('gj:sent', { detail: c }));
      });
    }).catch(function (err) {
      if (err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429) {
        item.failed = err.message; // refused: it stays, for the reporter to read and remove
        return put(item);
      }
      item.offline = true; // no connection or a server error: try again later
    });
  }

  var sending = null;
  function flush() {
    if (sending) return sending;
    sending = all().then(function (items) {
      items.sort(function (a, b) { return a.created - b.created; });
      return items.reduce(function (p, it) { return p.then(function () { return send(it); }); }, Promise.resolve());
    }).catch(function () { /* storage unavailable */ }).then(function () { sending = null; render(); });
    render(true);
    return sending;
  }

  function add(item) {
    item.created = Date.now();
    return put(item).then(function () { return render(); });
  }

  function render(busy) {
    var list = document.getElementById('outbox-list'), box = document.getElementById('waiting');
    if (!list || !box) return Promise.resolve();
    return all().then(function (items) {
      box.hidden = !items.length;
      list.textContent = '';
      items.forEach(function (it) {
        var li = document.createElement('li'), what = document.createElement('span'), state = document.createElement('span');
        what.className = 'what';
        var n = it.photos.length;
        what.textContent = it.label + (n ? ' · ' + n + ' ' + GJ.t(n === 1 ? 'photo' : 'photos') : '');
        state.className = 'state' + (it.failed ? ' error' : '');
        state.textContent = it.failed ? GJ.tf('Could not send: %s', it.failed) : (busy && navigator.onLine ? GJ.t('Sending…') : GJ.t('Not sent yet: no connection.'));
        li.appendChild(what); li.appendChild(state);
        if (it.failed) {
          var b = document.createElement('button');
          b.type = 'button'; b.className = 'btn small'; b.textContent = GJ.t('Remove');
          b.addEventListener('click', function () { remove(it.client_id).then(function () { render(); }); });
          li.appendChild(b);
        }
        list.appendChild(li);
      });
    }).catch(function () { /* no storage */ });
  }

  GJ.outbox = { add: add, flush: flush, receipts: receipts, uuid: uuid };

  document.addEventListener('DOMContentLoaded', function () {
    if (!window.indexedDB) return;
    flush();
    window.addEventListener('online', flush);
    document.addEventListener('visibilitychange', function () { if (!document.hidden) flush(); });
    setInterval(flush, 10000);
  });
})();
