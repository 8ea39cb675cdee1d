/* Circles console — the organization's groups (active, paused), each with its meeting times. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;

  function row(g) {
    return el('li', { class: 'row' },
      el('h2', { class: 'row__title' }, el('a', { href: '/admin/group.html?id=' + g.id }, g.name)),
      el('p', { class: 'row__meta' },
        g.status === 'active' ? null : el('span', { class: 'badge badge--paused' }, C.words.group_status[g.status] || g.status),
        el('span', {}, C.words.group_format[g.format] || g.format),
        g.location ? el('span', {}, g.location.name) : null,
        el('span', {}, g.schedules.length ? g.schedules.map(function (s) { return s.summary; }).join('; ') : 'No meeting times yet')),
      g.next_meeting ? el('p', { class: 'small' }, 'Next meeting: ', g.next_meeting.summary, ' (', g.next_meeting.date, ')') : null,
      el('p', { class: 'small' }, el('a', { href: g.links.page }, 'Public page', el('span', { class: 'visually-hidden' }, ' of ' + g.name))));
  }

  C.start().then(function (session) {
    var org = session.organization;
    if (!org) { C.$('empty').hidden = false; return; }
    Promise.all([
      C.api('GET', '/api/v1/groups?organization_id=' + org.id + '&limit=100'),
      C.api('GET', '/api/v1/groups?organization_id=' + org.id + '&status=paused&limit=100')
    ]).then(function (results) {
      var list = C.$('rows');
      var count = 0;
      results.forEach(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        result.data.data.forEach(function (g) { list.appendChild(row(g)); count++; });
      });
      C.$('empty').hidden = count > 0;
    });
  });
})();
