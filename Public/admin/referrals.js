/* Circles console — the referrals inbox: urgent first, then the oldest; filters kept in the address. */
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
    params.set('limit', '50');
    return '/api/v1/referrals?' + params.toString();
  }

  function row(r) {
    var group = groups[r.group_id];
    var title = 'Referral #' + r.id + ' — ' + (group ? group.name : 'group ' + r.group_id);
    return el('li', { class: 'row' + (r.urgent ? ' row--urgent' : '') },
      el('h2', { class: 'row__title' }, el('a', { href: '/admin/referral.html?id=' + r.id }, title)),
      el('p', { class: 'row__meta' },
        C.badge(r.status),
        r.urgent ? el('span', { class: 'badge badge--urgent' }, 'Urgent') : null,
        r.crisis_flag ? el('span', { class: 'badge badge--crisis' }, 'Crisis words in note') : null,
        el('span', {}, 'Received ', C.time(r.created_at, C.age(r.created_at))),
        el('span', {}, C.words.contact_method[r.preferred_contact_method] || r.preferred_contact_method),
        el('span', {}, C.words.referrer_type[r.referrer_type] || r.referrer_type),
        r.personal_data_erased ? el('span', {}, 'Details erased') : null));
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
