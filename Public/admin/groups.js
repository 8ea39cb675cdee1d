/*
 * Circles console — the organization's groups (active, paused), each with its meeting times; a listing
 * not recently confirmed is marked, and confirmed from its row in one step (POST …/groups/:id/confirm).
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;

  function confirmButton(g) {
    var button = el('button', { class: 'button button--small', type: 'button', id: 'confirm-' + g.id }, 'Confirm: it meets as listed',
      el('span', { class: 'visually-hidden' }, ' (' + g.name + ')'));
    button.addEventListener('click', function () {
      var done = C.busy(button, 'Confirming…');
      if (!done) return;
      C.api('POST', '/api/v1/groups/' + g.id + '/confirm').then(function (result) {
        done();
        if (!result.ok) { C.$('list-problem').textContent = g.name + ': ' + C.problemText(result); return; }
        var old = C.$('group-' + g.id);
        var fresh = row(result.data);
        old.parentNode.replaceChild(fresh, old);
        fresh.querySelector('a').focus();
        C.announce(g.name + ' is confirmed: it meets as listed.');
      });
    });
    return button;
  }

  function row(g) {
    var stale = g.not_recently_confirmed;
    return el('li', { class: 'row' + (stale ? ' row--stale' : ''), id: 'group-' + g.id },
      el('h2', { class: 'row__title' }, el('a', { href: '/admin/group.html?id=' + g.id }, g.name)),
      el('p', { class: 'row__meta' },
        stale ? el('span', { class: 'badge badge--stale' }, 'Not recently confirmed') : null,
        g.status === 'active' ? null : el('span', { class: 'badge badge--paused' }, C.words.group_status[g.status] || g.status),
        el('span', {}, C.words.group_format[g.format] || g.format),
        g.location ? el('span', {}, g.location.name) : null,
        el('span', {}, g.schedules.length ? g.schedules.map(function (s) { return s.summary; }).join('; ') : 'No meeting times yet')),
      g.next_meeting ? el('p', { class: 'small' }, 'Next meeting: ', C.day(g.next_meeting.date), ', ', C.clock(g.next_meeting.start_time),
        ' (', C.zone(g.next_meeting.time_zone || g.time_zone), ')') : null,
      el('p', { class: 'small' + (stale ? '' : ' muted') }, g.last_confirmed_at ? 'Last confirmed ' + C.when(g.last_confirmed_at) + '.' : 'Never confirmed.'),
      el('div', { class: 'row__actions' },
        stale ? confirmButton(g) : null,
        el('a', { class: 'small', href: g.links.page }, 'Public page', el('span', { class: 'visually-hidden' }, ' of ' + g.name))));
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
      var stale = 0;
      results.forEach(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        result.data.data.forEach(function (g) { list.appendChild(row(g)); count++; if (g.not_recently_confirmed) stale++; });
      });
      C.$('empty').hidden = count > 0;
      var note = C.$('stale-count');
      note.hidden = stale === 0;
      note.textContent = stale === 1 ? '1 listing has not been confirmed recently: confirm it below if it still meets as listed.'
        : stale + ' listings have not been confirmed recently: confirm each below if it still meets as listed.';
    });
  });
})();
