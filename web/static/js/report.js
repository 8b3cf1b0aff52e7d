// The reporting page: a category, photos (shrunk on the phone), the place
// from GPS on a map whose pin can be moved, a few words. Sending queues the
// report on the phone first (outbox.js), so it works without a connection.
(function () {
  'use strict';
  var form = document.getElementById('report-form');
  if (!form || !window.indexedDB || !window.Promise) return; // the plain form post still works
  var $ = function (id) { return document.getElementById(id); };
  var photos = [];

  function err(field, text) {
    var el = $('err-' + field);
    if (!el) return;
    el.textContent = text || '';
    el.hidden = !text;
  }

  function category() { return form.querySelector('input[name=category]:checked'); }

  function showAttributes() {
    var c = category();
    form.querySelectorAll('.attrs').forEach(function (fs) { fs.hidden = !c || fs.getAttribute('data-category') !== c.value; });
  }

  // shrink re-encodes a photo at most 1600 pixels on its longer side: a
  // few hundred kilobytes to send instead of several megabytes.
  function shrink(file) {
    if (!window.createImageBitmap) return Promise.resolve(file);
    return createImageBitmap(file).then(function (img) {
      var k = Math.min(1, 1600 / Math.max(img.width, img.height));
      var c = document.createElement('canvas');
      c.width = Math.round(img.width * k); c.height = Math.round(img.height * k);
      c.getContext('2d').drawImage(img, 0, 0, c.width, c.height);
      return new Promise(function (ok) { c.toBlob(function (b) { ok(b || file); }, 'image/jpeg', 0.85); });
    }).catch(function () { return file; });
  }

  function previews() {
    var ul = $('previews');
    ul.textContent = '';
    photos.forEach(function (b, i) {
      var li = document.createElement('li'), img = document.createElement('img'), x = document.createElement('button');
      img.src = URL.createObjectURL(b); img.alt = GJ.t('photo') + ' ' + (i + 1);
      x.type = 'button'; x.className = 'x'; x.textContent = '×'; x.setAttribute('aria-label', GJ.t('Remove') + ' ' + (i + 1));
      x.addEventListener('click', function () { photos.splice(i, 1); previews(); });
      li.appendChild(img); li.appendChild(x); ul.appendChild(li);
    });
  }

  function locate() {
    if (!navigator.geolocation) return;
    $('loc-status').textContent = GJ.t('Locating…');
    navigator.geolocation.getCurrentPosition(function (p) {
      if (GJ.pickMap) GJ.pickMap.set(p.coords.latitude, p.coords.longitude);
      $('loc-status').textContent = GJ.t('Location found. Drag the pin if it is not exact.');
    }, function () {
      $('loc-status').textContent = GJ.t('Could not get your location. Drag the pin to the place.');
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function attributes(code) {
    var out = {}, missing = null;
    var fs = form.querySelector('.attrs[data-category="' + code + '"]');
    if (!fs) return { values: out };
    fs.querySelectorAll('input, select').forEach(function (el) {
      var key = el.name.split('.').pop();
      if (el.value.trim()) out[key] = el.value.trim();
      else if (el.hasAttribute('data-required') && !missing) missing = el;
    });
    return { values: out, missing: missing };
  }

  // bnbPicker offers the operating B&Bs near the pin for a B&B complaint;
  // choosing one also names it in the B&B's name field when that is empty.
  function bnbPicker() {
    var sel = form.querySelector('[data-bnb-picker]'), c = category();
    if (!sel || !c || sel.closest('.attrs').getAttribute('data-category') !== c.value || !$('lat').value) return;
    fetch('/api/v1/bnbs/near?lat=' + encodeURIComponent($('lat').value) + '&lng=' + encodeURIComponent($('lng').value))
      .then(function (r) { return r.ok ? r.json() : { bnbs: [] }; })
      .then(function (d) {
        var keep = sel.value;
        while (sel.options.length > 1) sel.remove(1);
        d.bnbs.forEach(function (b) {
          var o = document.createElement('option');
          o.value = String(b.id); o.textContent = b.name + ' · ' + b.address; o.selected = o.value === keep;
          sel.appendChild(o);
        });
      }).catch(function () {});
  }

  function validate() {
    var ok = true, c = category();
    ['category', 'lat', 'description', 'photos'].forEach(function (f) { err(f); });
    if (!c) { err('category', GJ.t('Choose what the problem is.')); ok = false; }
    if (!$('lat').value || !$('lng').value) { err('lat', GJ.t('Set the place on the map.')); ok = false; }
    if (!photos.length && !$('description').value.trim()) { err('description', GJ.t('Add a photo or a few words.')); ok = false; }
    if (c) {
      var a = attributes(c.value);
      if (a.missing) { err(a.missing.name, GJ.tf('%s is required.', a.missing.labels[0].textContent.replace(/\s*\*$/, ''))); ok = false; }
    }
    return ok;
  }

  function submit(e) {
    e.preventDefault();
    if (!validate()) {
      var first = form.querySelector('.field-error:not([hidden])');
      if (first) first.scrollIntoView({ block: 'center' });
      return;
    }
    var c = category(), label = c.parentNode.querySelector('.ic').textContent + ' ' + c.parentNode.querySelector('.nm').textContent;
    var report = {
      category: c.value, lat: parseFloat($('lat').value), lng: parseFloat($('lng').value), datum: 'wgs84',
      address: $('address').value.trim(), description: $('description').value.trim(),
      attributes: attributes(c.value).values, channel: 'web'
    };
    if ($('name')) { report.name = $('name').value.trim(); report.phone = $('phone').value.trim(); }
    var item = { client_id: $('client_id').value || GJ.outbox.uuid(), report: report, label: label, photos: photos.map(function (b) { return { blob: b }; }) };
    $('send').disabled = true;
    GJ.outbox.add(item).then(function () {
      form.reset();
      photos = []; previews(); showAttributes();
      $('client_id').value = GJ.outbox.uuid();
      if (GJ.pickMap) GJ.pickMap.reset();
      if (!navigator.onLine) GJ.announce(GJ.t('Saved on this phone; it will be sent when the connection returns.'));
      $('waiting').scrollIntoView({ block: 'start' });
      return GJ.outbox.flush();
    }).catch(function (x) { err('description', String(x)); }).then(function () { $('send').disabled = false; });
  }

  document.addEventListener('gj:sent', function (e) {
    var c = e.detail, box = $('sent'), a = document.createElement('a');
    box.textContent = GJ.tf('Sent! Case number %s.', c.number) + ' ';
    a.href = '/track/' + encodeURIComponent(c.number); a.textContent = GJ.t('Follow it');
    a.setAttribute('data-number', c.number);
    box.appendChild(a);
    box.hidden = false;
    GJ.announce(box.textContent);
  });

  document.addEventListener('DOMContentLoaded', function () {
    form.classList.add('js');
    if (!$('client_id').value) $('client_id').value = GJ.outbox.uuid();
    showAttributes();
    form.addEventListener('change', function (e) {
      if (e.target.name === 'category') { showAttributes(); err('category'); bnbPicker(); }
      if (e.target.hasAttribute && e.target.hasAttribute('data-bnb-picker') && e.target.value) {
        var name = e.target.closest('.attrs').querySelector('[name$=".bnb"]');
        if (name && !name.value.trim()) name.value = e.target.options[e.target.selectedIndex].textContent.split(' · ')[0];
      }
    });
    form.addEventListener('gj:picked', function () { err('lat'); bnbPicker(); });
    $('photos').addEventListener('change', function () {
      var files = Array.prototype.slice.call(this.files, 0, Math.max(0, 9 - photos.length));
      this.value = '';
      Promise.all(files.map(shrink)).then(function (bs) { photos = photos.concat(bs); previews(); err('description'); });
    });
    if (navigator.geolocation) {
      $('locate').hidden = false;
      $('locate').addEventListener('click', locate);
      locate();
    }
    form.addEventListener('submit', submit);
  });
})();
