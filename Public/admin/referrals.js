/*
 * Circles console — the referrals inbox as a table: urgent first, then the oldest; whom each is
 * about (the API's `contact=true`, an audited read), its language, how to reach the person, and its
 * status changed in its row in one step. Filters kept in the address.
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var groups = {};
  var next = null;
  var shown = 0;

  function filters() {
    var form = C.$('filters');
    return { status: form.elements.status.value, group: form.elements.group.value, urgent: form.elements.urgent.checked };
  }

  function address(f) {
    var params = new URLSearchParams();
    var statuses = f.status === 'open' ? ['new', 'contacted', 'waitlisted', 'unreachable'] : f.status ? [f.status] : [];
    statuses.forEach(function (s) { params.append('status', s); });
    if (f.group) params.set('group_id', f.group);
    if (f.urgent) params.set('urgent', 'true');
    params.set('contact', 'true');
    params.set('limit', '50');
    return '/api/v1/referrals?' + params.toString();
  }

  /** The name a row shows: the person's first name when the inbox may open it. */
  function who(r) {
    if (r.contact) return r.contact.first_name;
    return r.personal_data_erased ? 'Details erased' : 'Referral #' + r.id;
  }

  function cell(label, content) {
    return el('td', { 'data-label': label }, content);
  }

  function contactCell(r) {
    var method = C.words.contact_method[r.preferred_contact_method] || r.preferred_contact_method;
    if (!r.contact || !r.contact.text_to) return cell('Contact', method);
    return cell('Contact', el('a', { href: 'sms:' + r.contact.text_to.replace(/[^\d+]/g, ''), class: 'sms-link' },
      'Text ' + r.contact.first_name));
  }

  /** The status with the moves a coordinator may make from it (ReferralWorkflow, through /js/vocabulary.json). */
  function statusCell(r) {
    var moves = C.words.referral_status_moves[r.status] || [];
    var td = el('td', { 'data-label': 'Status', class: 'status-cell' }, C.badge(r.status));
    if (!moves.length) return td;
    var id = 'move-' + r.id;
    var select = el('select', { id: id, name: 'status' },
      el('option', { value: '' }, 'Change to…'),
      moves.map(function (s) { return el('option', { value: s }, C.words.referral_status[s] || s); }));
    var button = el('button', { class: 'button button--small', type: 'submit' }, 'Save',
      el('span', { class: 'visually-hidden' }, ' the status of ' + who(r)));
    var form = el('form', { class: 'inline-status', novalidate: true, 'data-id': String(r.id) },
      el('label', { for: id, class: 'visually-hidden' }, 'New status for ' + who(r) + ' (referral #' + r.id + ')'),
      select, button);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      change(r, select, button);
    });
    td.appendChild(form);
    return td;
  }

  function row(r) {
    var group = groups[r.group_id];
    return el('tr', { class: r.urgent ? 'table__row--urgent' : null, id: 'referral-' + r.id },
      el('th', { scope: 'row', 'data-label': 'Person' },
        el('a', { href: '/admin/referral.html?id=' + r.id }, who(r), el('span', { class: 'visually-hidden' }, ' (referral #' + r.id + ')'))),
      cell('Group', group ? group.name : 'Group ' + r.group_id),
      cell('Received', C.time(r.created_at, C.age(r.created_at))),
      cell('Urgency', [
        r.urgent ? el('span', { class: 'badge badge--urgent' }, 'Urgent') : null,
        r.crisis_flag ? el('span', { class: 'badge badge--crisis' }, 'Crisis words in note') : null,
        r.urgent || r.crisis_flag ? null : el('span', { class: 'muted' }, 'Not urgent')
      ]),
      cell('Language', el('strong', {}, C.language(r.language))),
      contactCell(r),
      statusCell(r));
  }

  /** One step: the chosen status is saved, and the row redrawn from the API's answer. */
  function change(r, select, button) {
    var status = select.value;
    var problem = C.$('list-problem');
    problem.textContent = '';
    if (!status) { problem.textContent = 'Choose the new status for ' + who(r) + ' first.'; select.focus(); return; }
    var done = C.busy(button, 'Saving…');
    if (!done) return;
    C.api('POST', '/api/v1/referrals/' + r.id + '/status', { body: { status: status } }).then(function (result) {
      done();
      if (!result.ok) {
        problem.textContent = who(r) + ': ' + (result.status === 409
          ? 'that change is not possible any more (' + ((result.data && result.data.detail) || 'the referral changed meanwhile') + '). Reload the list to see its current status.'
          : C.problemText(result));
        return;
      }
      var updated = Object.assign({}, result.data, { contact: r.contact });
      var old = C.$('referral-' + r.id);
      var fresh = row(updated);
      old.parentNode.replaceChild(fresh, old);
      var control = fresh.querySelector('select') || fresh.querySelector('a');
      control.focus();
      C.announce(who(r) + ': status changed to ' + (C.words.referral_status[status] || status) + '.');
    });
  }

  function load(reset) {
    var list = C.$('rows');
    var url = reset ? address(filters()) : next;
    if (!url) return;
    C.$('list-problem').textContent = '';
    C.api('GET', url).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      if (reset) { C.clear(list); shown = 0; }
      var firstNew = null;
      result.data.data.forEach(function (r) {
        var item = row(r);
        if (!firstNew) firstNew = item;
        list.appendChild(item);
        shown++;
      });
      next = result.data.next;
      C.$('more').hidden = !next;
      C.$('empty').hidden = shown > 0;
      C.$('inbox-region').hidden = shown === 0;
      C.$('count').textContent = shown === 0 ? 'No referrals' : (next ? 'First ' : '') + shown + (shown === 1 ? ' referral' : ' referrals');
      if (!reset && firstNew) firstNew.querySelector('a').focus();
    });
  }

  function restore() {
    var form = C.$('filters');
    var params = new URLSearchParams(window.location.search);
    if (params.has('status')) form.elements.status.value = params.get('status');
    if (params.has('group')) form.elements.group.value = params.get('group');
    form.elements.urgent.checked = params.get('urgent') === '1';
  }

  C.start().then(function (session) {
    var org = session.organization;
    var select = C.$('filter-group');
    var lists = org ? [
      C.api('GET', '/api/v1/groups?organization_id=' + org.id + '&limit=100'),
      C.api('GET', '/api/v1/groups?organization_id=' + org.id + '&status=paused&limit=100')
    ] : [];
    return Promise.all(lists).then(function (results) {
      results.forEach(function (r) {
        ((r.data && r.data.data) || []).forEach(function (g) {
          groups[g.id] = g;
          select.appendChild(el('option', { value: String(g.id) }, g.name));
        });
      });
      restore();
      load(true);
    });
  });

  C.$('filters').addEventListener('submit', function (event) {
    event.preventDefault();
    var f = filters();
    var params = new URLSearchParams();
    params.set('status', f.status);
    if (f.group) params.set('group', f.group);
    if (f.urgent) params.set('urgent', '1');
    window.history.replaceState(null, '', '?' + params.toString());
    load(true);
  });
  C.$('more').addEventListener('click', function () { load(false); });
})();
