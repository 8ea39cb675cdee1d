/* Circles console — anonymous feedback on the organization's groups, to approve or reject. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var next = null;

  function stars(n) { return n + (n === 1 ? ' star' : ' stars') + ' out of 5'; }

  function row(f) {
    var item = el('li', { class: 'row' });
    function review(verb) {
      C.api('POST', '/api/v1/feedback/' + f.id + '/' + verb).then(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        C.clear(item);
        C.append(item, content(result.data));
        C.announce(verb === 'approve' ? 'Approved: the comment is now on the group’s page.' : 'Rejected: the comment stays hidden and the rating no longer counts.');
        var first = item.querySelector('button');
        if (first) first.focus();
      });
    }
    function content(x) {
      f = x;
      return [
        el('h2', { class: 'row__title' }, x.group_name, ': ', stars(x.rating)),
        x.comment ? el('p', { class: 'said' }, '“' + x.comment + '”') : el('p', { class: 'muted' }, 'No comment, only a rating.'),
        el('p', { class: 'row__meta' }, el('span', { class: 'badge badge--' + (x.status === 'approved' ? 'enrolled' : x.status === 'rejected' ? 'closed' : 'new') }, C.words.feedback_status[x.status] || x.status),
          el('span', {}, 'Sent on ' + C.day(String(x.created_at).slice(0, 10)))),
        el('div', { class: 'row__actions' },
          x.status !== 'approved' ? el('button', { class: 'button button--small', type: 'button', on: { click: function () { review('approve'); } } },
            'Approve', el('span', { class: 'visually-hidden' }, ' feedback ' + x.id)) : null,
          x.status !== 'rejected' ? el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { review('reject'); } } },
            'Reject', el('span', { class: 'visually-hidden' }, ' feedback ' + x.id)) : null)
      ];
    }
    C.append(item, content(f));
    return item;
  }

  function load(reset) {
    var status = C.$('filter-status').value;
    var url = reset ? '/api/v1/feedback?limit=50' + (status ? '&status=' + status : '') : next;
    if (!url) return;
    C.api('GET', url).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.$('rows');
      if (reset) C.clear(list);
      result.data.data.forEach(function (f) { list.appendChild(row(f)); });
      next = result.data.next;
      C.$('more').hidden = !next;
      C.$('empty').hidden = list.children.length > 0;
    });
  }

  C.start().then(function () { load(true); });
  C.$('filters').addEventListener('submit', function (event) { event.preventDefault(); load(true); });
  C.$('more').addEventListener('click', function () { load(false); });
})();
