/* Circles console — e-mail: the signed-in person's choice of referral notices, and for administrators whether mail is on and what failed. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;

  function notices(user) {
    var holder = C.$('notices');
    return C.api('GET', '/api/v1/account/referral-notices').then(function (result) {
      if (!result.ok) { C.$('notices-problem').textContent = C.problemText(result); return; }
      var form = el('form', { id: 'notices-form', class: 'app-form', novalidate: true });
      C.append(form, C.errorSummary());
      C.append(form, [
        C.field({ name: 'referral_notices', label: 'Tell me of new referrals by e-mail', type: 'select', value: result.data.referral_notices,
          options: C.choices(C.words.referral_notices),
          hint: 'Urgent referrals are sent at once whichever you choose, unless you choose no e-mail. Messages go to ' + user.email + '.' })
      ]);
      var button = el('button', { class: 'button', type: 'submit', id: 'notices-save' }, 'Save');
      form.appendChild(el('div', { class: 'form-actions' }, button));
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var done = C.busy(button, 'Saving…');
        if (!done) return;
        C.api('POST', '/api/v1/account/referral-notices', { body: { referral_notices: form.elements.referral_notices.value } }).then(function (saved) {
          done();
          if (!saved.ok) { C.showErrors(form, saved); return; }
          C.clearErrors(form);
          C.announce('Saved: ' + C.words.referral_notices[saved.data.referral_notices] + '.');
        });
      });
      C.clear(holder);
      if (!result.data.mail_enabled) holder.appendChild(el('p', { class: 'notice', id: 'mail-off-note' }, 'Mail is off on this server: your choice is kept, but nothing is sent until an administrator sets it up.'));
      holder.appendChild(form);
    });
  }

  function outbox() {
    C.$('outbox-panel').hidden = false;
    return C.api('GET', '/api/v1/mail').then(function (result) {
      if (!result.ok) { C.$('outbox-problem').textContent = C.problemText(result); return; }
      var m = result.data;
      var holder = C.clear(C.$('outbox'));
      if (!m.enabled) {
        holder.appendChild(el('p', { class: 'notice', id: 'mail-off' }, 'Mail is off: no relay is set (--smtp-url and --mail-from), so nothing is written or sent.'));
        return;
      }
      holder.appendChild(el('p', { id: 'mail-on' }, 'Sending through ' + m.relay + ' as ' + m.from + '.'));
      holder.appendChild(el('ul', { class: 'stats' },
        el('li', {}, el('strong', {}, String(m.pending)), ' waiting'),
        el('li', {}, el('strong', {}, String(m.sent)), ' sent'),
        el('li', {}, el('strong', {}, String(m.failed)), ' given up')));
      if (!m.recent_failures.length) return;
      holder.appendChild(el('h3', {}, 'Given up'));
      holder.appendChild(el('ul', { class: 'rows', id: 'mail-failures', 'aria-label': 'Messages given up' }, m.recent_failures.map(function (f) {
        return el('li', { class: 'row' },
          el('p', { class: 'row__title' }, C.words.mail_kind[f.kind] || f.kind),
          el('p', { class: 'row__meta' },
            el('span', {}, 'Given up ', C.time(f.failed_at)),
            el('span', {}, f.attempts + (f.attempts === 1 ? ' attempt' : ' attempts')),
            el('span', {}, f.error)));
      })));
    });
  }

  C.start().then(function (session) {
    notices(session.user);
    if (session.user.role === 'admin') outbox();
  });
})();
