// The housekeeper's tasks: checking in sends where the phone is. Without
// a position the form is sent anyway, and the server says what is missing.
(function () {
  'use strict';
  document.querySelectorAll('form.checkin').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      if (form.elements.lat.value || !navigator.geolocation) return;
      ev.preventDefault();
      var btn = form.querySelector('button'), status = form.querySelector('.loc-status');
      btn.disabled = true;
      status.textContent = GJ.t('Locating…');
      navigator.geolocation.getCurrentPosition(function (p) {
        form.elements.lat.value = p.coords.latitude.toFixed(6);
        form.elements.lng.value = p.coords.longitude.toFixed(6);
        form.submit();
      }, function () {
        form.submit();
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 0 });
    });
  });
})();
