// Guanjia's service worker (VERSION and SHELL are prepended by the server).
// It keeps the reporting app shell (pages, scripts, styles, the town map)
// so that a report can be made without a connection; reports themselves
// wait in IndexedDB (outbox.js), never here. It keeps the base map's tiles
// that Guanjia serves (/map/tiles/, versioned by the archive) as they are
// seen, the last TILE_MAX of them, so that the map works offline for the
// area last looked at. Everything else goes to the network as usual.
/* global VERSION, SHELL */
var CACHE = 'gj-' + VERSION;
var TILES = 'gj-tiles', TILE_MAX = 1500;
var PAGES = ['/report', '/my'];

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(SHELL); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k !== CACHE && k !== TILES; }).map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (e) {
  var req = e.request, url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    if (PAGES.indexOf(url.pathname) < 0) return;
    // Pages: the network first, for fresh state; the kept copy offline.
    e.respondWith(fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(url.pathname).then(function (r) { return r || caches.match('/report'); });
    }));
    return;
  }
  if (url.pathname.indexOf('/map/tiles/') === 0) {
    e.respondWith(caches.open(TILES).then(function (c) {
      return c.match(req).then(function (hit) {
        return hit || fetch(req).then(function (res) {
          if (res.ok) c.put(req, res.clone()).then(function () { trim(c); });
          return res;
        });
      });
    }));
    return;
  }
  if (url.pathname.indexOf('/static/') === 0 || url.pathname === '/map/town.geojson') {
    // Assets carry their content hash in the URL: the kept copy is right.
    e.respondWith(caches.match(req).then(function (r) { return r || fetch(req); }));
  }
});

// trim drops the oldest tiles beyond TILE_MAX (keys come in the order put).
function trim(c) {
  c.keys().then(function (keys) {
    keys.slice(0, Math.max(0, keys.length - TILE_MAX)).forEach(function (k) { c.delete(k); });
  });
}
