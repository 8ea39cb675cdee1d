/* Circles console — signing in (POST /api/v1/auth/login); a signed-in visitor goes straight on. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var form = C.$('signin-form');

  function next() {
    var target = C.query('next') || '';
    // Only our own console pages: never an address someone slipped into the link.
    return /^\/admin\/[A-Za-z0-9_\-./?=&%]*$/.test(target) && target.indexOf('//') < 0 ? target : '/admin/referrals.html';
  }

  C.api('GET', '/api/v1/auth/session', { allow401: true }).then(function (result) {
    if (result.ok) window.location.replace(next());
  });
  if (C.query('signed_out')) C.$('signed-out').hidden = false;

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    C.clearErrors(form);
    var email = C.text(form, 'email');
    var password = form.elements.password.value;
    var errors = [];
    if (!email) errors.push({ field: 'email', message: 'is required' });
    if (!password) errors.push({ field: 'password', message: 'is required' });
    if (errors.length) { C.showErrors(form, { status: 422, data: { errors: errors } }); return; }
    var done = C.busy(C.$('signin-button'), 'Signing in…');
    if (!done) return;
    C.api('POST', '/api/v1/auth/login', { body: { email: email, password: password }, allow401: true }).then(function (result) {
      done();
      if (result.ok) { window.location.assign(next()); return; }
      if (result.status === 401) {
        C.showErrors(form, { status: 401, data: { detail: 'The e-mail address or password is not right. Check both and try again.' } });
        form.elements.password.setAttribute('aria-invalid', 'true');
        return;
      }
      C.showErrors(form, result);
    });
  });
})();
