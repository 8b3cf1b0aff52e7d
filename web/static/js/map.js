// Guanjia's maps: the configured base map (cfg.base: vector tiles that
// Guanjia serves from a PMTiles archive, drawn by protomaps-leaflet;
// Tianditu's or another host's raster tiles; or none), the town's own
// geography (grids, village outlines and names) over it, and case markers
// coloured by status and time left. Every map page draws through here.
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

  // vector draws vector tiles of the Protomaps basemap schema (earth,
  // landuse, water, buildings, roads, pois, places: the demo's, and
  // extracts of Protomaps builds) or of the OpenMapTiles schema (water,
  // waterway, building, transportation, transportation_name, poi, place:
  // tilemaker's), named in the page's language, in the system's fonts.
  function vector(l) {
    var P = window.protomapsL, en = cfg.lang === 'en';
    var names = en ? ['name:en', 'name_en', 'name:latin', 'name'] : ['name:zh', 'name_zh', 'name'];
    var sans = '"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif';
    var water = '#a8d0e6', text = { fill: '#2b2b2b', stroke: '#fff', width: 2.5 };
    // kinds of road by width: the schemas' kind (Protomaps) or class (OpenMapTiles).
    var roadWidth = { path: 0, track: 0, minor_road: 1, minor: 1, service: 1, major_road: 2, tertiary: 2, secondary: 2, primary: 3, trunk: 3, highway: 3, motorway: 3, bridge: 4 };
    function geom(t) { return function (z, f) { return f.geomType === t; }; }
    function road(layer, w, color, stops) {
      return { dataLayer: layer, filter: function (z, f) { return roadWidth[f.props.kind || f.props['class']] === w; },
        symbolizer: new P.LineSymbolizer({ color: color, width: P.exp(1.6, stops) }) };
    }
    function lineText(layer, font, extra) { return { dataLayer: layer, minzoom: 13, filter: extra, symbolizer: new P.LineLabelSymbolizer(L.extend({ labelProps: names, font: font + sans }, text)) }; }
    var paint = [
      { dataLayer: 'earth', symbolizer: new P.PolygonSymbolizer({ fill: '#f5f3ee' }) },
      { dataLayer: 'landuse', symbolizer: new P.PolygonSymbolizer({ fill: '#ece3cf' }) },
      { dataLayer: 'water', filter: geom(3), symbolizer: new P.PolygonSymbolizer({ fill: water }) }
    ];
    ['water', 'waterway'].forEach(function (layer) {
      paint.push({ dataLayer: layer, filter: geom(2), symbolizer: new P.LineSymbolizer({ color: water, width: P.exp(1.6, [[10, 1], [14, 5], [17, 22]]) }) });
    });
    ['buildings', 'building'].forEach(function (layer) { paint.push({ dataLayer: layer, symbolizer: new P.PolygonSymbolizer({ fill: '#e2ddd3' }) }); });
    ['roads', 'transportation'].forEach(function (layer) {
      paint.push(road(layer, 0, '#ffffff', [[13, 0.5], [15, 2], [18, 8]]), road(layer, 1, '#ffffff', [[12, 0.5], [15, 3], [18, 12]]),
        road(layer, 2, '#ffe9a8', [[10, 0.8], [15, 5], [18, 18]]), road(layer, 3, '#f8c97a', [[8, 1], [15, 6], [18, 20]]),
        road(layer, 4, '#8a7f70', [[13, 2], [15, 5], [18, 14]]));
    });
    var labels = [];
    ['places', 'place'].forEach(function (layer) {
      labels.push({ dataLayer: layer, symbolizer: new P.CenteredTextSymbolizer(L.extend({ labelProps: names, font: '600 15px ' + sans }, text)) });
    });
    ['pois', 'poi'].forEach(function (layer) {
      labels.push({ dataLayer: layer, minzoom: 14, symbolizer: new P.GroupSymbolizer([
        new P.CircleSymbolizer({ radius: 3, fill: '#b5483d', stroke: '#fff', width: 1 }),
        new P.OffsetTextSymbolizer({ labelProps: names, font: '500 12px ' + sans, fill: '#7a2e27', stroke: '#fff', width: 2, offsetX: 5, offsetY: 4 })]) });
    });
    labels.push(lineText('roads', '400 13px '), lineText('transportation_name', '400 13px '),
      lineText('water', 'italic 400 12px ', geom(2)), lineText('waterway', 'italic 400 12px '));
    return P.leafletLayer({ url: l.url, maxDataZoom: l.max || 15, attribution: l.attribution || '', backgroundColor: '#f5f3ee', paintRules: paint, labelRules: labels });
  }

  // base adds the configured base map's layers to map.
  function base(map) {
    var b = cfg.base || {};
    (b.layers || []).forEach(function (l) {
      if (b.kind === 'file') {
        if (window.protomapsL) GJ.baseLayer = vector(l).addTo(map);
        return;
      }
      L.tileLayer(l.url, { subdomains: l.sub || 'abc', attribution: l.attribution || '', maxNativeZoom: l.max || 19, maxZoom: 19, referrerPolicy: l.ref || false }).addTo(map);
    });
  }

  function baseMap(el, fit) {
    var tiled = !!(cfg.base && cfg.base.layers && cfg.base.layers.length);
    var map = L.map(el, { attributionControl: tiled, zoomSnap: 0.25, minZoom: 10, maxZoom: 19 }).setView(cfg.town || [30.745, 120.487], 13);
    base(map);
    if (tiled) el.classList.add('has-base');
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
    // Village names give way to the base map's street names up close.
    function showNames() { var z = map.getZoom(); if (z >= 12.5 && !(tiled && z >= 15)) names.addTo(map); else names.remove(); }
    map.on('zoomend', showNames);
    return map;
  }

  // cells is a hot-spot map (/stats, the wall screen): the cells of about
  // 100 m with two or more cases of a category (data-cells), shaded by
  // their count, recurring ones in red; a click opens their cases.
  function cells(el) {
    var list = JSON.parse(el.getAttribute('data-cells') || '[]'), max = 1;
    var map = baseMap(el, !list.length), group = L.featureGroup().addTo(map);
    // Above the town's grids, which the geography draws later.
    map.createPane('hot').style.zIndex = 450;
    list.forEach(function (c) { if (c.n > max) max = c.n; });
    list.forEach(function (c) {
      var color = c.r ? '#c62828' : '#ef8a17';
      var r = L.rectangle(c.b, { color: color, fillColor: color, weight: c.r ? 2 : 1, fillOpacity: 0.2 + 0.6 * c.n / max, className: 'hot-cell' + (c.r ? ' recurring' : ''), pane: 'hot' });
      r.bindTooltip(c.l);
      if (c.u) r.on('click', function () { location.href = c.u; });
      group.addLayer(r);
    });
    el.setAttribute('data-shown', list.length);
    if (list.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 15, animate: false });
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
      map.setView(ll, Math.max(map.getZoom(), 17), { animate: false });
    });
  }

  // pick is the reporting page's map: a pin the reporter drags to the place.
  function pick(el) {
    var lat = document.getElementById('lat'), lng = document.getElementById('lng');
    var start = lat.value && lng.value ? [parseFloat(lat.value), parseFloat(lng.value)] : cfg.town;
    var map = baseMap(el, false);
    // Without animation: Leaflet drops a setView made while a zoom
    // animates, and the GPS fix may come that soon.
    map.setView(start, 15, { animate: false });
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
      set: function (la, lo) { var ll = L.latLng(la, lo); m.setLatLng(ll); map.setView(ll, 17, { animate: false }); store(ll); },
      reset: function () { lat.value = ''; lng.value = ''; m.setLatLng(cfg.town); map.setView(cfg.town, 15, { animate: false }); }
    };
    // A place found in the search: the pin goes there, to be dragged on.
    document.addEventListener('gj:place', function (e) { GJ.pickMap.set(e.detail.lat, e.detail.lng); });
  }

  function point(el) {
    var ll = [parseFloat(el.getAttribute('data-lat')), parseFloat(el.getAttribute('data-lng'))];
    var map = baseMap(el, false);
    map.setView(ll, 16, { animate: false });
    L.marker(ll, { icon: pin(el.getAttribute('data-tone') || 'ok'), keyboard: false }).addTo(map);
    flyTo(map);
  }

  // areaPane is a pane above the town's grids (which load later) and below
  // the markers, for an event's area.
  function areaPane(map) {
    if (!map.getPane('area')) {
      var p = map.createPane('area');
      p.style.zIndex = 450;
      p.style.pointerEvents = 'none';
    }
    return 'area';
  }

  // drawArea draws an event's area (data-area, GeoJSON) over the map and
  // fits the map to it.
  function drawArea(map, el) {
    var raw = el.getAttribute('data-area');
    if (!raw) return;
    try {
      var l = L.geoJSON(JSON.parse(raw), { pane: areaPane(map), interactive: false, style: { className: 'event-area', weight: 3, color: '#f76707', fillOpacity: 0.08 } }).addTo(map);
      if (l.getBounds().isValid()) map.fitBounds(l.getBounds(), { padding: [12, 12] });
    } catch (e) { /* a broken area: the map still shows the cases */ }
  }

  // areaInput lets a person draw an event's area: each click on the map
  // adds a corner, and the polygon goes as GeoJSON into the text box named
  // by data-area-input, where one may also paste it.
  function areaInput(el) {
    var map = baseMap(el, !el.getAttribute('data-area'));
    var input = document.getElementById(el.getAttribute('data-area-input'));
    var pts = [], shape = null;
    drawArea(map, el);
    function write() {
      if (shape) shape.remove();
      shape = pts.length ? L.polygon(pts, { pane: areaPane(map), color: '#f76707', weight: 2 }).addTo(map) : null;
      if (pts.length < 3) return;
      var ring = pts.map(function (p) { return [+p.lng.toFixed(6), +p.lat.toFixed(6)]; });
      ring.push(ring[0]);
      input.value = JSON.stringify({ type: 'Polygon', coordinates: [ring] });
    }
    map.on('click', function (e) { pts.push(e.latlng); write(); });
    var box = el.closest('details'); // drawn while folded away: size it when shown
    if (box) box.addEventListener('toggle', function () { map.invalidateSize(); });
    var clear = document.getElementById(el.getAttribute('data-area-clear') || '');
    if (clear) clear.addEventListener('click', function () { pts = []; input.value = ''; write(); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-map]').forEach(function (el) {
      var kind = el.getAttribute('data-map');
      if (kind === 'hotspots') return cells(el);
      if (kind === 'pick') return pick(el);
      if (kind === 'point') return point(el);
      if (kind === 'area') return areaInput(el);
      var map = baseMap(el, !el.hasAttribute('data-area'));
      drawArea(map, el);
      markers(map, el);
    });
  });
})();
