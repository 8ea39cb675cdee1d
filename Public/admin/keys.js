/* Circles console — the organization's API keys: create (the key is shown once, with a copy button), revoke. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var org = null;

  function row(k) {
    return el('li', { class: 'row' },
      el('h3', { class: 'row__title' }, k.name),
      el('p', { class: 'row__meta' },
        el('span', { class: 'badge' + (k.revoked_at ? ' badge--closed' : ' badge--contacted') }, k.revoked_at ? 'Revoked' : 'Active'),
        el('span', {}, k.role === 'partner' ? 'Partner: sends referrals' : 'Coordinator: manages groups'),
        el('span', { class: 'mono' }, 'circles_' + k.prefix + '_…'),
        el('span', {}, 'Created ', C.time(k.created_at)),
        el('span', {}, k.last_used_at ? ['Last used ', C.time(k.last_used_at, C.age(k.last_used_at))] : 'Never used')),
      k.revoked_at ? null : el('div', { class: 'row__actions' },
        el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { revoke(k); } } },
          'Revoke', el('span', { class: 'visually-hidden' }, ' the key ' + k.name))));
  }

  function load() {
    return C.api('GET', '/api/v1/organizations/' + org.id + '/keys').then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.clear(C.$('rows'));
      var keys = result.data.data.slice().sort(function (a, b) { return (a.revoked_at ? 1 : 0) - (b.revoked_at ? 1 : 0) || b.id - a.id; });
      keys.forEach(function (k) { list.appendChild(row(k)); });
      C.$('empty').hidden = keys.length > 0;
    });
  }

  function revoke(k) {
    if (!window.confirm('Revoke the key “' + k.name + '”? Systems that use it stop working at once. This cannot be undone.')) return;
    C.api('DELETE', '/api/v1/keys/' + k.id).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      C.announce('The key ' + k.name + ' is revoked.');
      load();
    });
  }

  function editor() {
    var holder = C.$('editor');
    var form = el('form', { id: 'key-form', class: 'app-form', novalidate: true });
    var shown = el('div', { id: 'key-shown' });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'name', label: 'What the key is for', required: true, hint: 'For example “Westside Clinic referrals”.', attrs: { maxlength: '100' } }),
      C.field({ name: 'role', label: 'Access', type: 'select', value: 'partner',
        options: [['partner', 'Partner: send referrals and follow them'], ['coordinator', 'Coordinator: also change groups and read referrals']] })
    ]);
    var button = el('button', { class: 'button', type: 'submit', id: 'key-create' }, 'Create key');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = C.text(form, 'name');
      if (!name) { C.showErrors(form, { status: 422, data: { errors: [{ field: 'name', message: 'is required' }] } }); return; }
      var done = C.busy(button, 'Creating…');
      if (!done) return;
      C.api('POST', '/api/v1/organizations/' + org.id + '/keys', { body: { name: name, role: form.elements.role.value } }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.clearErrors(form);
        form.reset();
        C.clear(shown).appendChild(C.secretBox('Copy the new key now', 'The key “' + result.data.name + '”', result.data.key,
          'This is the only time Circles shows it. Keep it in your system’s secret settings; anyone who has it can act for your organization. If it is lost, revoke it and create another.'));
        C.$('secret-title').focus();
        load();
      });
    });
    holder.appendChild(el('section', { class: 'panel', 'aria-labelledby': 'editor-title' }, el('h2', { id: 'editor-title' }, 'Create a key'), form, shown));
  }

  C.start().then(function (session) {
    org = session.organization;
    editor();
    load();
  });
})();
