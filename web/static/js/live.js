// Live pages (console, workbench, wall screen): regions marked data-live
// re-render from the server when the outbox announces a change over
// server-sent events; new rows are highlighted, new cases chime and are
// announced to screen readers.
(function () {
  'use strict';
  var regions = Array.prototype.slice.call(document.querySelectorAll('[data-live]'));
  if (!regions.length) return;
  var dot = document.getElementById('live'), timer = null;

  function ids(el) {
    var s = {};
    el.querySelectorAll('[data-id]').forEach(function (r) { s[r.getAttribute('data-id')] = true; });
    return s;
  }

  function refresh() {
    timer = null;
    regions.forEach(function (el) {
      fetch(el.getAttribute('data-live'), { credentials: 'same-origin' }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var before = ids(el);
        el.innerHTML = html;
        el.querySelectorAll('[data-id]').forEach(function (row) {
          if (!before[row.getAttribute('data-id')]) row.classList.add('flash');
        });
        GJ.tick();
      }).catch(function () { /* the next change or the minute tick tries again */ });
    });
    document.dispatchEvent(new CustomEvent('gj:changed'));
  }

  function schedule() { if (!timer) timer = setTimeout(refresh, 250); }

  // connect follows the server's events. The browser reconnects by itself
  // after a stream ends, but not after an answer other than 200, such as
  // the 503 while the database is out of reach: then this waits and
  // connects again. Meanwhile the dot says the page is not live.
  var lost = false;
  function connect() {
    var es = new EventSource('/api/v1/events');
    es.addEventListener('case.created', function (e) {
      var d = {};
      try { d = JSON.parse(e.data); } catch (err) { /* still refresh */ }
      GJ.beep();
      GJ.announce(GJ.tf('New case: %s', d.number || ''));
      schedule();
    });
    es.addEventListener('case.changed', schedule);
    es.addEventListener('case.untriaged', function (e) { // a new case past its triage limit
      var d = {};
      try { d = JSON.parse(e.data); } catch (err) { /* still refresh */ }
      GJ.beep();
      GJ.announce(GJ.tf('Case %s is waiting past its time limit for dispatch.', d.number || ''));
      schedule();
    });
    // After a reconnect, re-render: changes made while the stream was
    // down may not all be replayed (a long absence, or a database that
    // went back to a standby's copy).
    es.onopen = function () {
      if (dot) { dot.classList.add('on'); dot.title = GJ.t('Live updates'); }
      if (lost) { lost = false; schedule(); }
    };
    es.onerror = function () {
      lost = true;
      if (dot) { dot.classList.remove('on'); dot.title = GJ.t('Reconnecting…'); }
      if (es.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    };
  }
  if (window.EventSource) connect();
  setInterval(schedule, 60000);
  document.addEventListener('gj:overdue', function (e) {
    GJ.beep();
    GJ.announce(GJ.tf('Case %s is now overdue.', e.detail));
  });
})();
