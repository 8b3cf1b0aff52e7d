// Guanjia's maps: the town's own geography (grids, village outlines and
// names) as the base layer, a tile layer only when one is configured, and
// case markers coloured by status and time left.
(function () {
  'use strict';
  if (!window.L) return;
  var cfg = GJ.cfg, town;

  function geography() {
    town = town || fetch(cfg.geo, { credentials: 'same-origin' }).then(function (r) { return r.json(); });
    return town;
  }

  function label(text) {
    var el = document.createElement('span');
    el.textContent = text;
    return L.divIcon({ className: 'vlabel', html: el, iconSize: null });
  }

  function baseMap(el, fit) {
    var map = L.map(el, { attributionControl: !!cfg.tiles, zoomSnap: 0.25, minZoom: 10, maxZoom: 19 }).setView(cfg.town || [30.745, 120.487], 13);
    if (cfg.tiles) L.tileLayer(cfg.tiles, { attribution: cfg.attribution || '', maxZoom: 19 }).addTo(map);
    var names = L.layerGroup();
    geography().then(function (fc) {
      var layer = L.geoJSON(fc, {
        interactive: false,
        filter: function (f) { return f.properties.kind !== 'label'; },
        style: function (f) {
          return f.properties.kind === 'village' ? { className: 'geo-village', weight: 2, fill: false } : { className: 'geo-grid', weight: 1 };
        }
      }).addTo(map);
      fc.features.forEach(function (f) {
        if (f.properties.kind !== 'label') return;
        var c = f.geometry.coordinates, p = f.properties;
        names.addLayer(L.marker([c[1], c[0]], { icon: label(cfg.lang === 'en' && p.name_en ? p.name_en : p.name), interactive: false, keyboard: false }));
      });
      if (fit && layer.getBounds().isValid()) map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      showNames();
    }).catch(function () { /* offline without a cached map: the pin still works */ });
    function showNames() { if (map.getZoom() >= 12.5) names.addTo(map); else names.remove(); }
    map.on('zoomend', showNames);
    return map;
  }

  var rank = { overdue: 6, soon: 5, 'new': 4, ok: 3, resolved: 2, done: 1 };

  function pin(tone) { return L.divIcon({ className: 'pin tone-' + tone, iconSize: [16, 16] }); }

  function markers(map, el) {
    var group = el.hasAttribute('data-cluster') && L.markerClusterGroup ? L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false,
      // The console colours a cluster by its most urgent case; the public
      // map by what most of its cases are.
      iconCreateFunction: function (cl) {
        var worst = 'done', count = {}, most = 'done';
        cl.getAllChildMarkers().forEach(function (m) {
          var t = m.options.tone;
          if (rank[t] > rank[worst]) worst = t;
          count[t] = (count[t] || 0) + 1;
          if (count[t] > (count[most] || 0)) most = t;
        });
        var tone = el.getAttribute('data-cluster') === 'most' ? most : worst;
        return L.divIcon({ className: 'cluster tone-' + tone, html: '<span>' + cl.getChildCount() + '</span>', iconSize: [36, 36] });
      }
    }) : L.layerGroup();
    group.addTo(map);
    var heat = hotSpots(map, el);
    function load() {
      fetch(el.getAttribute('data-markers'), { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : []; }).then(function (list) {
        group.clearLayers();
        el.setAttribute('data-shown', list.length);
        heat(list);
        list.forEach(function (m) {
          var tone = m.d && m.t !== 'resolved' ? (Date.parse(m.d) < GJ.now() ? 'overdue' : (Date.parse(m.d) - GJ.now() < 7200000 ? 'soon' : 'ok')) : m.t;
          var mk = L.marker([m.la, m.lo], { icon: pin(tone), tone: tone, title: m.n + ' ' + m.c + ' · ' + m.l, alt: m.n, keyboard: true });
          mk.on('click', function () { location.href = m.u; });
          group.addLayer(mk);
        });
      }).catch(function () { /* keep what is shown */ });
    }
    load();
    document.addEventListener('gj:changed', load);
    flyTo(map);
  }

  // hotSpots draws the cases shown as a heat map (leaflet.heat) while the
  // box named by the element's data-heat is ticked; it returns the function
  // that takes each new list of cases.
  function hotSpots(map, el) {
    var toggle = document.getElementById(el.getAttribute('data-heat') || ''), layer = null, points = [];
    if (!toggle || !L.heatLayer) return function () {};
    function draw() {
      if (toggle.checked) {
        if (!layer) layer = L.heatLayer(points, { radius: 24, blur: 18, maxZoom: 17, minOpacity: 0.35 }).addTo(map);
        else layer.setLatLngs(points);
      } else if (layer) {
        layer.remove();
        layer = null;
      }
    }
    toggle.addEventListener('change', draw);
    return function (list) {
      points = list.map(function (m) { return [m.la, m.lo, 1]; });
      draw();
    };
  }

  // flyTo moves a map to the place chosen in the place search, marked.
  // It jumps rather than glides: a phone's map is there at once.
  function flyTo(map) {
    var found = null;
    document.addEventListener('gj:place', function (e) {
      var ll = L.latLng(e.detail.lat, e.detail.lng);
      if (found) found.remove();
      found = L.circleMarker(ll, { radius: 9, className: 'place-found', interactive: false }).bindTooltip(e.detail.name, { permanent: true, direction: 'top' }).addTo(map);
      map.setView(ll, Math.max(map.getZoom(), 17));
    });
  }

  // pick is the reporting page's map: a pin the reporter drags to the place.
  function pick(el) {
    var lat = document.getElementById('lat'), lng = document.getElementById('lng');
    var start = lat.value && lng.value ? [parseFloat(lat.value), parseFloat(lng.value)] : cfg.town;
    var map = baseMap(el, false);
    map.setView(start, 15);
    var m = L.marker(start, { draggable: true, autoPan: true, icon: L.divIcon({ className: 'pin-pick', html: '<span></span>', iconSize: [30, 30], iconAnchor: [15, 30] }), title: GJ.t('Set the place on the map.') }).addTo(map);
    function store(ll) {
      lat.value = ll.lat.toFixed(6); lng.value = ll.lng.toFixed(6);
      el.dispatchEvent(new CustomEvent('gj:picked', { bubbles: true }));
    }
    m.on('dragend', function () { store(m.getLatLng()); });
    map.on('click', function (e) { m.setLatLng(e.latlng); store(e.latlng); });
    if (lat.value && lng.value) store(m.getLatLng());
    GJ.pickMap = {
      map: map,
      set: function (la, lo) { var ll = L.latLng(la, lo); m.setLatLng(ll); map.setView(ll, 17); store(ll); },
      reset: function () { lat.value = ''; lng.value = ''; m.setLatLng(cfg.town); map.setView(cfg.town, 15); }
    };
    // A place found in the search: the pin goes there, to be dragged on.
    document.addEventListener('gj:place', function (e) { GJ.pickMap.set(e.detail.lat, e.detail.lng); });
  }

  function point(el) {
    var ll = [parseFloat(el.getAttribute('data-lat')), parseFloat(el.getAttribute('data-lng'))];
    var map = baseMap(el, false);
    map.setView(ll, 16);
    L.marker(ll, { icon: pin(el.getAttribute('data-tone') || 'ok'), keyboard: false }).addTo(map);
    flyTo(map);
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-map]').forEach(function (el) {
      var kind = el.getAttribute('data-map');
      if (kind === 'pick') return pick(el);
      if (kind === 'point') return point(el);
      markers(baseMap(el, true), el);
    });
  });
})();
