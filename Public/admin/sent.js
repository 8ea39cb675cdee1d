/*
 * Circles console — a partner's view: the referrals its organization sent (statuses and the notes
 * shared with it, GET /api/v1/referrals and /api/v1/referrals/:id), and a form to send a new one.
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var CONSENT_VERSION = '2026-11';
  var groupNames = {};
  var me = null;

  function groupName(id) {
    if (groupNames[id]) return Promise.resolve(groupNames[id]);
    return C.api('GET', '/api/v1/groups/' + id).then(function (r) {
      groupNames[id] = r.ok ? r.data.name : 'Group ' + id;
      return groupNames[id];
    });
  }

  function history(referral, holder) {
    C.api('GET', '/api/v1/referrals/' + referral.id).then(function (result) {
      C.clear(holder);
      if (!result.ok) { holder.appendChild(el('p', { class: 'form-problem' }, C.problemText(result))); return; }
      holder.appendChild(el('ol', { class: 'timeline', 'aria-label': 'History of referral ' + referral.id }, result.data.history.map(function (e) {
        return el('li', {}, C.time(e.at), ' ', C.badge(e.to_status), e.note ? el('p', {}, e.note) : null);
      })));
    });
  }

  function row(referral, name) {
    var details = el('div', { class: 'row__details', id: 'history-' + referral.id });
    var toggle = el('button', { class: 'button button--secondary button--small', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'history-' + referral.id,
      on: { click: function () {
        var open = this.getAttribute('aria-expanded') === 'true';
        this.setAttribute('aria-expanded', String(!open));
        if (open) { C.clear(details); return; }
        history(referral, details);
      } } }, 'History', el('span', { class: 'visually-hidden' }, ' of the referral to ' + name));
    return el('li', { class: 'row', id: 'referral-' + referral.id },
      el('h3', { class: 'row__title' }, name),
      el('p', { class: 'row__meta' },
        C.badge(referral.status),
        referral.urgent ? el('span', { class: 'badge badge--urgent' }, 'Urgent') : null,
        el('span', {}, 'Sent ', C.time(referral.created_at, C.age(referral.created_at))),
        el('span', {}, 'Updated ', C.time(referral.updated_at, C.age(referral.updated_at)))),
      el('div', { class: 'row__actions' }, toggle),
      details);
  }

  function load() {
    return C.api('GET', '/api/v1/referrals?limit=200').then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var referrals = result.data.data;
      return Promise.all(referrals.map(function (r) { return groupName(r.group_id); })).then(function (names) {
        var list = C.clear(C.$('rows'));
        referrals.forEach(function (r, i) { list.appendChild(row(r, names[i])); });
        C.$('empty').hidden = referrals.length > 0;
        C.$('count').textContent = referrals.length === 1 ? '1 referral' : referrals.length + ' referrals';
      });
    });
  }

  /** Finds groups by words (GET /api/v1/groups?q=) and lists them as choices. */
  function groupPicker() {
    var results = el('div', { class: 'choices', id: 'group-choices', role: 'group', 'aria-label': 'Matching groups' });
    var input = el('input', { type: 'search', id: 'f-group-q', name: 'group_q', autocomplete: 'off', 'aria-describedby': 'f-group-q-hint' });
    function find() {
      var q = input.value.trim();
      C.clear(results);
      if (!q) return;
      C.api('GET', '/api/v1/groups?limit=10&q=' + encodeURIComponent(q)).then(function (r) {
        C.clear(results);
        var groups = (r.ok && r.data.data) || [];
        if (!groups.length) { results.appendChild(el('p', { class: 'hint' }, 'No group matches. Try other words.')); return; }
        groups.forEach(function (g, i) {
          results.appendChild(el('label', { class: 'choice' },
            el('input', { type: 'radio', name: 'group_id', value: String(g.id), id: 'f-group-' + i, checked: i === 0 }), ' ', g.name));
        });
      });
    }
    input.addEventListener('keydown', function (event) { if (event.key === 'Enter') { event.preventDefault(); find(); } });
    return el('div', { class: 'field', 'data-field': 'group_id' },
      el('label', { for: 'f-group-q' }, 'Group'),
      el('p', { class: 'hint', id: 'f-group-q-hint' }, 'Words of its name, topic or town, then Find.'),
      el('div', { class: 'copy-row' }, input, el('button', { class: 'button button--secondary', type: 'button', id: 'group-find', on: { click: find } }, 'Find')),
      results);
  }

  function editor() {
    var form = el('form', { id: 'send-form', class: 'app-form', novalidate: true });
    C.append(form, C.errorSummary());
    C.append(form, [
      groupPicker(),
      C.field({ name: 'person_name', label: 'Name of the person', required: true, attrs: { autocomplete: 'off', maxlength: '120' } }),
      C.field({ name: 'person_phone', label: 'Their phone number', type: 'tel', attrs: { autocomplete: 'off', maxlength: '40' } }),
      C.field({ name: 'person_email', label: 'Their e-mail address', type: 'email', attrs: { autocomplete: 'off', maxlength: '200' } }),
      C.field({ name: 'preferred_contact_method', label: 'How they prefer to be reached', type: 'select', value: 'phone', options: C.choices(C.words.contact_method) }),
      C.field({ name: 'note', label: 'Anything the group should know', type: 'textarea', rows: 3, attrs: { maxlength: '1000' } }),
      C.field({ name: 'referrer_type', label: 'You refer as', type: 'select', value: 'clinician',
        options: C.choices(C.words.referrer_type).filter(function (o) { return o[0] === 'clinician' || o[0] === 'community_organization'; }) }),
      C.field({ name: 'urgent', label: 'Urgent: the group should reach out first to this person', type: 'checkbox' }),
      C.field({ name: 'consent', label: 'The person agreed to be contacted by the group', type: 'checkbox' })
    ]);
    var button = el('button', { class: 'button', type: 'submit', id: 'send-referral' }, 'Send referral');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var chosen = form.querySelector('input[name="group_id"]:checked');
      var body = {
        group_id: chosen ? Number(chosen.value) : null,
        person_name: C.text(form, 'person_name'),
        person_phone: C.text(form, 'person_phone') || null,
        person_email: C.text(form, 'person_email') || null,
        preferred_contact_method: form.elements.preferred_contact_method.value,
        note: C.text(form, 'note') || null,
        referrer_type: form.elements.referrer_type.value,
        referrer_name: me.display_name,
        urgent: form.elements.urgent.checked,
        consent: form.elements.consent.checked,
        consent_version: CONSENT_VERSION
      };
      if (!chosen) { C.showErrors(form, { status: 422, data: { errors: [{ field: 'group_id', message: 'is required: find the group and choose it' }] } }); return; }
      var done = C.busy(button, 'Sending…');
      if (!done) return;
      C.api('POST', '/api/v1/referrals', { body: body, idempotent: true }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.clearErrors(form);
        form.reset();
        C.clear(C.$('group-choices'));
        C.announce('Referral sent. ' + result.data.what_happens_next);
        load();
      });
    });
    C.$('editor').appendChild(form);
  }

  C.start().then(function (session) {
    me = session.user;
    editor();
    load();
  });
})();
