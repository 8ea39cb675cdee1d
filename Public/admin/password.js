/*
 * Circles console — choosing a password with the link of an invitation or reset
 * (POST /api/v1/auth/password). The token comes after "#token=" so that it never reaches a server
 * log or a Referer; it is taken out of the address bar at once.
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var form = C.$('password-form');
  var match = /(?:^#|&)token=([A-Za-z0-9]+)/.exec(window.location.hash);
  var token = match ? match[1] : '';
  if (window.history && window.history.replaceState) window.history.replaceState(null, '', window.location.pathname);
  if (!token) {
    form.hidden = true;
    C.$('password-no-link').hidden = false;
    return;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    C.clearErrors(form);
    var password = form.elements.password.value;
    if (!password) { C.showErrors(form, { status: 422, data: { errors: [{ field: 'password', message: 'is required' }] } }); return; }
    var done = C.busy(C.$('password-button'), 'Saving…');
    if (!done) return;
    C.api('POST', '/api/v1/auth/password', { body: { token: token, password: password }, allow401: true }).then(function (result) {
      done();
      if (result.ok) {
        window.location.assign(result.data.user.role === 'partner' ? '/admin/sent.html' : '/admin/referrals.html');
        return;
      }
      if (result.status === 404) {
        form.hidden = true;
        var note = C.$('password-no-link');
        note.hidden = false;
        note.firstChild.textContent = 'This link was used already or has expired. ';
        return;
      }
      C.showErrors(form, result);
    });
  });
})();
