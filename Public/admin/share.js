/* Circles console — import groups from a CSV file (checked first, then all rows or none), and the
 * snippets that show the organization's groups on its own website (the widget and the frame). */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;

  /** POST the file as text/csv. */
  function send(org, text, apply) {
    var query = [apply ? 'apply=true' : '', C.$('f-update').checked ? 'update=true' : ''].filter(Boolean).join('&');
    return C.api('POST', '/api/v1/organizations/' + org.id + '/groups/import' + (query ? '?' + query : ''),
      { text: text, contentType: 'text/csv', allow401: true });
  }

  function count(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function summary(data) {
    return count(data.groups_created, 'new group', 'new groups') +
      (data.groups_updated ? ', ' + count(data.groups_updated, 'updated group', 'updated groups') : '') + ', ' +
      count(data.schedules_created, 'new meeting time', 'new meeting times') +
      (data.schedules_removed ? ', ' + count(data.schedules_removed, 'meeting time', 'meeting times') + ' removed' : '') + ', ' +
      count(data.locations_created, 'new place', 'new places') + (data.locations_reused ? ' (and ' + count(data.locations_reused, 'place', 'places') + ' you already had)' : '');
  }

  function showResult(result, applied) {
    var box = C.clear(C.$('import-result'));
    if (result.ok) {
      box.appendChild(el('p', { class: 'notice notice--success' }, applied
        ? 'Imported ' + summary(result.data) + '.'
        : 'The file is fine (' + count(result.data.rows, 'row', 'rows') + '). Importing adds ' + summary(result.data) + '.'));
    } else if (result.status === 422 && result.data && result.data.errors) {
      box.appendChild(el('div', { class: 'error-summary' },
        el('h3', {}, 'Nothing was saved: ' + result.data.errors.length + ' problems to fix in the file'),
        el('ul', {}, result.data.errors.map(function (e) { return el('li', {}, e.message.replace(/^(line \d+): /, '$1, ' + e.field + ': ')); }))));
    } else {
      box.appendChild(el('p', { class: 'notice notice--error' }, C.problemText(result)));
    }
    box.focus();
  }

  function snippet(id, label, code, hint) {
    var area = el('textarea', { id: id, readonly: true, rows: '4', spellcheck: 'false', 'aria-describedby': id + '-hint', on: { focus: function () { this.select(); } } });
    area.value = code;
    var copied = el('p', { class: 'small', role: 'status' });
    return el('div', { class: 'field' },
      el('label', { for: id }, label),
      el('p', { class: 'hint', id: id + '-hint' }, hint),
      el('div', { class: 'copy-row' }, area,
        el('button', { class: 'button button--secondary', type: 'button', on: { click: function () { C.copy(area, copied); } } }, 'Copy', el('span', { class: 'visually-hidden' }, ' ' + label))),
      copied);
  }

  C.start().then(function (session) {
    var org = session.organization;
    if (!org) return;
    var origin = window.location.origin;
    var listing = '/search?organization_id=' + org.id;
    C.$('snippets').appendChild(el('div', {},
      snippet('snippet-widget', 'The widget (recommended)',
        '<a href="' + origin + listing + '" data-circles-fallback>Our peer support groups</a>\n' +
        '<script src="' + origin + '/embed.js" data-organization="' + org.slug + '" async></script>',
        'It takes the width you give it and keeps its own look. Add data-topic="grief" or data-city="Denver" to show fewer groups. Without JavaScript, the link stays.'),
      snippet('snippet-frame', 'The frame, for sites that do not allow scripts',
        '<iframe src="' + origin + '/embed?organization=' + encodeURIComponent(org.slug) + '" title="Our peer support groups" width="100%" height="600"></iframe>',
        'The same list in a frame of a fixed height.'),
      el('p', {}, el('a', { href: '/embed?organization=' + encodeURIComponent(org.slug), target: '_blank', rel: 'noopener' }, 'Preview the list', el('span', { class: 'visually-hidden' }, ' (opens in a new tab)')))));

    var text = null;
    var input = C.$('f-file');
    var importButton = C.$('import-button');
    function changed() { text = null; importButton.disabled = true; C.clear(C.$('import-result')); }
    input.addEventListener('change', changed);
    C.$('f-update').addEventListener('change', changed);

    function read() {
      var file = input.files && input.files[0];
      C.$('import-problem').textContent = '';
      if (!file) { C.$('import-problem').textContent = 'Choose a CSV file first.'; input.focus(); return Promise.resolve(null); }
      if (file.size > 5 * 1024 * 1024) { C.$('import-problem').textContent = 'The file is larger than 5 MB: split it in two.'; return Promise.resolve(null); }
      return file.text();
    }

    C.$('import-form').addEventListener('submit', function (event) {
      event.preventDefault();
      read().then(function (content) {
        if (content === null) return;
        C.$('check-button').disabled = true;
        return send(org, content, false).then(function (result) {
          C.$('check-button').disabled = false;
          text = result.ok ? content : null;
          importButton.disabled = !result.ok;
          showResult(result, false);
        });
      });
    });
    importButton.addEventListener('click', function () {
      if (text === null) return;
      importButton.disabled = true;
      send(org, text, true).then(function (result) {
        showResult(result, result.ok);
        if (result.ok) { text = null; input.value = ''; C.announce('The groups were imported.'); }
        else importButton.disabled = false;
      });
    });
  });
})();
