/* Circles console — the organization's accounts: invite by e-mail, change a role, disable or enable, remove. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var org = null;
  var me = null;
  /** The roles an invitation gives (administrators are made on the command line). */
  var ROLES = ['coordinator', 'facilitator', 'partner'];
  var ROLE_HINTS = {
    coordinator: 'runs the organization’s groups, referrals and accounts',
    facilitator: 'works referrals and confirms meetings',
    partner: 'a clinic’s staff: sends referrals and follows the ones the organization sent'
  };

  function roleOptions() {
    return ROLES.map(function (r) { return [r, C.words.role[r] + ': ' + ROLE_HINTS[r]]; });
  }

  function state(a) {
    if (a.disabled_at) return el('span', { class: 'badge badge--closed' }, 'Disabled');
    if (a.invited) return el('span', { class: 'badge badge--new' }, 'Invited');
    return el('span', { class: 'badge badge--contacted' }, 'Active');
  }

  function row(a) {
    var own = me && a.id === me.id;
    var label = a.display_name + ' (' + a.email + ')';
    var actions = null;
    if (!own && a.role !== 'admin') {
      var select = el('select', { id: 'role-' + a.id, 'aria-label': 'Role of ' + label, on: { change: function () { change(a, { role: this.value }, 'is now ' + C.words.role[this.value]); } } },
        ROLES.map(function (r) { return el('option', { value: r, selected: a.role === r }, C.words.role[r]); }));
      actions = el('div', { class: 'row__actions' },
        select,
        el('button', { class: 'button button--secondary button--small', type: 'button', id: 'toggle-' + a.id,
          on: { click: function () { change(a, { disabled: !a.disabled_at }, a.disabled_at ? 'can sign in again' : 'is disabled and signed out'); } } },
          a.disabled_at ? 'Enable' : 'Disable', el('span', { class: 'visually-hidden' }, ' ' + label)),
        el('button', { class: 'button button--secondary button--danger button--small', type: 'button', id: 'remove-' + a.id,
          on: { click: function () { remove(a); } } }, 'Remove', el('span', { class: 'visually-hidden' }, ' ' + label)));
    }
    return el('li', { class: 'row', id: 'account-' + a.id },
      el('h3', { class: 'row__title' }, a.display_name, own ? el('span', { class: 'muted' }, ' (you)') : null),
      el('p', { class: 'row__meta' },
        state(a),
        el('span', {}, C.words.role[a.role] || a.role),
        el('span', { class: 'mono' }, a.email),
        el('span', {}, 'Since ', C.time(a.created_at))),
      actions);
  }

  function load() {
    var path = '/api/v1/accounts' + (org ? '?organization_id=' + org.id : '');
    return C.api('GET', path).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.clear(C.$('rows'));
      result.data.data.forEach(function (a) { list.appendChild(row(a)); });
      C.$('empty').hidden = result.data.data.length > 0;
    });
  }

  function change(a, body, done) {
    C.api('PATCH', '/api/v1/accounts/' + a.id, { body: body }).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      C.$('list-problem').textContent = '';
      C.announce(a.display_name + ' ' + done + '.');
      load();
    });
  }

  function remove(a) {
    if (!window.confirm('Remove the account of ' + a.display_name + '? They can no longer sign in. The audit log keeps what they did.')) return;
    C.api('DELETE', '/api/v1/accounts/' + a.id).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      C.announce('The account of ' + a.display_name + ' is removed.');
      load();
    });
  }

  function editor() {
    var form = el('form', { id: 'invite-form', class: 'app-form', novalidate: true });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'email', label: 'E-mail address', type: 'email', required: true, attrs: { autocomplete: 'off', spellcheck: 'false', maxlength: '200' } }),
      C.field({ name: 'display_name', label: 'Name', required: true, attrs: { autocomplete: 'off', maxlength: '120' } }),
      C.field({ name: 'role', label: 'Role', type: 'select', value: 'facilitator', options: roleOptions() })
    ]);
    var button = el('button', { class: 'button', type: 'submit', id: 'invite-send' }, 'Send invitation');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var body = { email: C.text(form, 'email'), display_name: C.text(form, 'display_name'), role: form.elements.role.value, organization_id: org && org.id };
      var errors = [];
      if (!body.email) errors.push({ field: 'email', message: 'is required' });
      if (!body.display_name) errors.push({ field: 'display_name', message: 'is required' });
      if (errors.length) { C.showErrors(form, { status: 422, data: { errors: errors } }); return; }
      var done = C.busy(button, 'Sending…');
      if (!done) return;
      C.api('POST', '/api/v1/accounts', { body: body }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.clearErrors(form);
        form.reset();
        C.announce('Invitation sent to ' + result.data.email + '.');
        load();
      });
    });
    C.$('editor').appendChild(form);
  }

  C.start().then(function (session) {
    org = session.organization;
    me = session.user;
    editor();
    load();
  });
})();
