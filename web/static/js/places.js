// Place search: a box that finds villages, grids, landmarks and addresses
// by Chinese, English or pinyin (initials too: "xzt" finds 西栅停车场) and
// flies the page's map there. The box names the town it searches in
// data-place-search ("all", a town's code, or "" for the viewer's own).
(function () {
  'use strict';
  var kinds = { landmark: 'Landmark', address: 'Address', village: 'Village', community: 'Community', grid: 'Grid' };

  function box(el) {
    var input = el.querySelector('input'), list = el.querySelector('ul');
    var town = el.getAttribute('data-place-search'), timer = null, seq = 0, hits = [], active = -1;

    function go(p) {
      hide();
      input.value = p.name;
      document.dispatchEvent(new CustomEvent('gj:place', { detail: { lat: p.lat, lng: p.lng, name: p.name } }));
    }
    function hide() { list.hidden = true; input.setAttribute('aria-expanded', 'false'); active = -1; }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      if (active >= 0) input.setAttribute('aria-activedescendant', list.children[active].id);
      else input.removeAttribute('aria-activedescendant');
    }
    function show() {
      list.textContent = '';
      hits.forEach(function (p, i) {
        var li = document.createElement('li'), kind = document.createElement('span');
        li.id = 'place-hit-' + i;
        li.setAttribute('role', 'option');
        li.textContent = p.name;
        kind.className = 'kind';
        kind.textContent = GJ.t(kinds[p.kind] || p.kind);
        li.appendChild(kind);
        // mousedown, not click: it comes before the field loses focus.
        li.addEventListener('mousedown', function (e) { e.preventDefault(); go(p); });
        list.appendChild(li);
      });
      if (!hits.length && input.value.trim()) {
        var none = document.createElement('li');
        none.className = 'none';
        none.textContent = GJ.t('No place found.');
        list.appendChild(none);
      }
      list.hidden = !list.children.length;
      input.setAttribute('aria-expanded', list.hidden ? 'false' : 'true');
      mark();
    }
    function search() {
      var q = input.value.trim(), n = ++seq;
      if (!q) { hits = []; hide(); return; }
      var url = '/api/v1/places?q=' + encodeURIComponent(q) + '&lang=' + encodeURIComponent(GJ.cfg.lang || '') +
        (town ? '&town=' + encodeURIComponent(town) : '');
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : { places: [] }; }).then(function (d) {
        if (n !== seq) return; // a later search has been sent
        hits = d.places || [];
        active = -1;
        show();
      }).catch(function () { /* offline: nothing to show */ });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(search, 200); });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') {
        e.preventDefault(); // inside the report form: never send it
        if (hits.length) go(hits[active >= 0 ? active : 0]);
      } else if (e.key === 'ArrowDown' && hits.length) {
        e.preventDefault(); active = (active + 1) % hits.length; mark();
      } else if (e.key === 'ArrowUp' && hits.length) {
        e.preventDefault(); active = (active + hits.length - 1) % hits.length; mark();
      } else if (e.key === 'Escape') {
        hide();
      }
    });
    input.addEventListener('blur', function () { setTimeout(hide, 150); });
  }

  document.querySelectorAll('[data-place-search]').forEach(box);
})();
