/*
 * Circles console — corrections visitors suggested for the organization's groups: open one to see
 * the reply address (an audited read), apply it to the group in one step, or dismiss it.
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var next = null;
  var groupFilter = Number(C.query('group')) || null;
  /** What applying changes without further input (ChangeRequestRoutes.defaultChanges); the rest need the group edited first. */
  function appliesDirectly(x) {
    return x.kind === 'no_longer_meets' || (x.kind === 'online_link' && x.proposed_value) || (x.kind === 'contact' && x.proposed_value);
  }

  function row(x) {
    var item = el('li', { class: 'row' });
    function decide(verb, body) {
      C.$('list-problem').textContent = '';
      C.api('POST', '/api/v1/change-requests/' + x.id + '/' + verb, body ? { body: body } : {}).then(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        x = result.data;
        C.append(C.clear(item), content());
        C.announce(verb === 'apply' ? 'Applied to ' + x.group.name + '. The listing now counts as confirmed.' : 'Dismissed. The group stays as it is.');
        item.querySelector('h2').focus();
      });
    }
    function reveal(button) {
      C.api('GET', '/api/v1/change-requests/' + x.id).then(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        var address = result.data.reply_email;
        button.parentNode.replaceChild(el('span', {}, 'Reply to ', el('a', { href: 'mailto:' + address }, address)), button);
      });
    }
    function content() {
      var open = x.status === 'open';
      var direct = appliesDirectly(x);
      return [
        el('h2', { class: 'row__title', tabindex: '-1' }, el('a', { href: '/admin/group.html?id=' + x.group.id }, x.group.name), ': ', C.words.change_request_kind[x.kind] || x.kind),
        x.proposed_value ? el('p', { class: 'said' }, 'Should say: “' + x.proposed_value + '”') : null,
        x.details ? el('p', {}, x.details) : null,
        el('p', { class: 'row__meta' },
          el('span', { class: 'badge badge--' + (x.status === 'applied' ? 'enrolled' : x.status === 'dismissed' ? 'closed' : 'new') }, C.words.change_request_status[x.status] || x.status),
          el('span', {}, 'Sent on ' + C.day(x.created_at.slice(0, 10))),
          x.decided_at ? el('span', {}, (x.status === 'applied' ? 'Applied ' : 'Dismissed ') + C.when(x.decided_at) + ' by ' + x.decided_by) : null,
          x.has_reply_email ? el('button', { class: 'link-button', type: 'button', on: { click: function (event) { reveal(event.currentTarget); } } },
            'Show the reply address', el('span', { class: 'visually-hidden' }, ' of suggestion ' + x.id)) : null),
        open && !direct ? el('p', { class: 'small muted' }, 'Change the group or its meeting times first, then mark this applied.') : null,
        open ? el('div', { class: 'row__actions' },
          el('button', { class: 'button button--small', type: 'button', on: { click: function () { decide('apply', direct ? null : { changes: {} }); } } },
            direct ? 'Apply to the group' : 'Mark applied', el('span', { class: 'visually-hidden' }, ': suggestion ' + x.id)),
          el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () { decide('dismiss'); } } },
            'Dismiss', el('span', { class: 'visually-hidden' }, ' suggestion ' + x.id))) : null
      ];
    }
    C.append(item, content());
    return item;
  }

  function load(reset) {
    var status = C.$('filter-status').value;
    var url = reset ? '/api/v1/change-requests?limit=50' + (status ? '&status=' + status : '') + (groupFilter ? '&group_id=' + groupFilter : '') : next;
    if (!url) return;
    C.api('GET', url).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.$('rows');
      if (reset) C.clear(list);
      result.data.data.forEach(function (x) { list.appendChild(row(x)); });
      next = result.data.next;
      C.$('more').hidden = !next;
      C.$('empty').hidden = list.children.length > 0;
    });
  }

  C.start().then(function () { load(true); });
  C.$('filters').addEventListener('submit', function (event) { event.preventDefault(); load(true); });
  C.$('more').addEventListener('click', function () { load(false); });
})();
