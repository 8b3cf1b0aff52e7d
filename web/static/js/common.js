// Guanjia's shared page script: the page's configuration and strings,
// countdowns to deadlines, announcements, and the service worker.
(function () {
  'use strict';
  var cfg = {};
  try { cfg = JSON.parse(document.body.getAttribute('data-config') || '{}'); } catch (e) { /* no config */ }
  var msgs = cfg.messages || {};
  // skew corrects the phone's clock by the server's, so countdowns agree.
  var skew = cfg.now ? Date.parse(cfg.now) - Date.now() : 0;

  function t(s) { return msgs[s] || s; }
  function tf(format) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return t(format).replace(/%[sd]/g, function () { return args[i++]; });
  }
  function now() { return Date.now() + skew; }

  function span(ms) {
    var mins = Math.round(ms / 60000), d = Math.floor(mins / 1440), h = Math.floor(mins / 60) % 24, m = mins % 60;
    var zh = cfg.lang === 'zh', sep = zh ? '' : ' ';
    function u(n, unit) { return n + sep + t(unit); }
    if (d > 0) return u(d, 'd') + sep + u(h, 'h');
    if (h > 0) return u(h, 'h') + sep + u(m, 'min');
    return u(m, 'min');
  }
  function left(due) {
    var ms = due - now();
    return ms < 0 ? tf('Overdue by %s', span(-ms)) : tf('%s left', span(ms));
  }

  function setTone(el, tone) {
    el.className = el.className.replace(/\btone-\w+/g, '').trim() + ' tone-' + tone;
  }

  // tick refreshes every countdown. A case that passes its deadline while
  // the page is open turns red and is announced, once.
  var late = {}, ticked = false;
  function tick() {
    var n = now();
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-due'));
      if (isNaN(due)) return;
      el.textContent = left(due);
      var tone = due < n ? 'overdue' : (due - n < 2 * 3600 * 1000 ? 'soon' : 'ok');
      setTone(el, tone);
      var row = el.closest('[data-id]');
      if (row) setTone(row, tone);
      if (tone === 'overdue' && row && !late[row.getAttribute('data-id')]) {
        late[row.getAttribute('data-id')] = true;
        if (ticked) {
          var num = row.querySelector('.num a');
          row.classList.add('flash');
          document.dispatchEvent(new CustomEvent('gj:overdue', { detail: num ? num.textContent : '' }));
        }
      }
    });
    document.querySelectorAll('[data-since]').forEach(function (el) {
      var since = Date.parse(el.getAttribute('data-since'));
      if (!isNaN(since)) el.textContent = tf('Waiting %s', span(Math.max(0, n - since)));
    });
    ticked = true;
    var clock = document.getElementById('clock');
    if (clock) {
      clock.textContent = new Date(n).toLocaleString(cfg.lang === 'zh' ? 'zh-CN' : 'en-GB',
        { timeZone: 'Asia/Shanghai', weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    }
  }

  function announce(text) {
    var el = document.getElementById('announce');
    if (el) { el.textContent = ''; setTimeout(function () { el.textContent = text; }, 50); }
  }

  // beep plays a short chime; browsers allow it once the page was touched.
  var audio;
  function beep() {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var o = audio.createOscillator(), g = audio.createGain();
      o.frequency.value = 880;
      g.gain.setValueAtTime(0.15, audio.currentTime);
      g.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
      o.connect(g); g.connect(audio.destination);
      o.start(); o.stop(audio.currentTime + 0.4);
    } catch (e) { /* no sound: the highlight and the announcement remain */ }
  }

  window.GJ = { cfg: cfg, t: t, tf: tf, now: now, tick: tick, announce: announce, beep: beep };

  document.addEventListener('DOMContentLoaded', function () {
    tick();
    setInterval(tick, 1000);
    if (document.body.hasAttribute('data-sw') && 'serviceWorker' in navigator) {
      navigator.serviceWorker.register('/sw.js').catch(function () { /* reporting still works online */ });
    }
    document.querySelectorAll('form.logout').forEach(function (f) {
      f.addEventListener('submit', function () {
        if (window.caches) caches.keys().then(function (ks) { ks.forEach(function (k) { caches.delete(k); }); });
      });
    });
  });
})();

// A standard reply picked from a list (select[data-fill]) fills the text
// box it names; the text stays editable.
document.addEventListener('change', function (e) {
  var sel = e.target;
  if (!sel.matches || !sel.matches('select[data-fill]') || !sel.value) return;
  var box = document.getElementById(sel.getAttribute('data-fill'));
  if (box) { box.value = sel.value; box.focus(); }
});
