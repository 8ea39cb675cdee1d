/* Circles console — signing in (POST /api/v1/auth/login); a signed-in visitor goes straight on. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var form = C.$('signin-form');

  /** Where to go once signed in: the page asked for, else a partner's sent referrals or the staff's inbox. */
  function next(user) {
    var target = C.query('next') || '';
    // Only our own console pages: never an address someone slipped into the link.
    if (/^\/admin\/[A-Za-z0-9_\-./?=&%]*$/.test(target) && target.indexOf('//') < 0) return target;
    return user && user.role === 'partner' ? '/admin/sent.html' : '/admin/referrals.html';
  }

  C.api('GET', '/api/v1/auth/session', { allow401: true }).then(function (result) {
    if (result.ok) window.location.replace(next(result.data.user));
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
      if (result.ok) { window.location.assign(next(result.data.user)); return; }
      if (result.status === 401) {
        C.showErrors(form, { status: 401, data: { detail: 'The e-mail address or password is not right. Check both and try again.' } });
        form.elements.password.setAttribute('aria-invalid', 'true');
        return;
      }
      C.showErrors(form, result);
    });
  });

  var forgot = C.$('forgot-form');
  forgot.addEventListener('submit', function (event) {
    event.preventDefault();
    C.clearErrors(forgot);
    var email = C.text(forgot, 'email');
    if (!email) { C.showErrors(forgot, { status: 422, data: { errors: [{ field: 'email', message: 'is required' }] } }); return; }
    var done = C.busy(C.$('forgot-button'), 'Sending…');
    if (!done) return;
    C.api('POST', '/api/v1/auth/password-reset', { body: { email: email }, allow401: true }).then(function (result) {
      done();
      if (!result.ok) { C.showErrors(forgot, result); return; }
      var sent = C.$('forgot-sent');
      sent.textContent = result.data.detail;
      sent.hidden = false;
    });
  });
})();
