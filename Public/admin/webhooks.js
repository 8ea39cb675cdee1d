/* Circles console — webhooks: create (the signing secret is shown once), delete, and each one's delivery log. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var org = null;

  function row(w) {
    return el('li', { class: 'row' },
      el('h3', { class: 'row__title mono' }, w.url),
      el('p', { class: 'row__meta' },
        el('span', { class: 'badge' + (w.active ? ' badge--contacted' : ' badge--closed') }, w.active ? 'Active' : 'Stopped'),
        el('span', {}, w.events.join(', ')),
        el('span', {}, 'Created ', C.time(w.created_at))),
      el('div', { class: 'row__actions' },
        el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () { deliveries(w); } } },
          'Delivery log', el('span', { class: 'visually-hidden' }, ' of ' + w.url)),
        el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { remove(w); } } },
          'Delete', el('span', { class: 'visually-hidden' }, ' the webhook ' + w.url))));
  }

  function load() {
    return C.api('GET', '/api/v1/organizations/' + org.id + '/webhooks').then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.clear(C.$('rows'));
      result.data.data.forEach(function (w) { list.appendChild(row(w)); });
      C.$('empty').hidden = result.data.data.length > 0;
    });
  }

  function remove(w) {
    if (!window.confirm('Delete the webhook to ' + w.url + '? Circles stops sending to it at once.')) return;
    C.api('DELETE', '/api/v1/webhooks/' + w.id).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      C.announce('Webhook deleted.');
      C.$('deliveries').hidden = true;
      load();
    });
  }

  function deliveries(w) {
    var section = C.clear(C.$('deliveries'));
    section.hidden = false;
    section.appendChild(el('h2', { id: 'deliveries-title', tabindex: '-1' }, 'Delivery log'));
    section.appendChild(el('p', { class: 'mono small' }, w.url));
    C.$('deliveries-title').focus();
    C.api('GET', '/api/v1/webhooks/' + w.id + '/deliveries?limit=50').then(function (result) {
      if (!result.ok) { section.appendChild(el('p', { class: 'form-problem' }, C.problemText(result))); return; }
      var rows = result.data.data;
      if (!rows.length) { section.appendChild(el('p', { class: 'empty' }, 'Nothing sent yet. Deliveries appear here when a referral arrives or changes.')); return; }
      var STATE = { delivered: 'Delivered', pending: 'Will retry', failed: 'Gave up' };
      section.appendChild(el('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'deliveries-title' },
        el('table', { class: 'table' },
          el('thead', {}, el('tr', {}, ['When', 'Event', 'Attempt', 'Answer', 'State', 'Error'].map(function (h) { return el('th', { scope: 'col' }, h); }))),
          el('tbody', {}, rows.map(function (d) {
            return el('tr', {},
              el('td', {}, C.time(d.attempted_at)),
              el('td', { class: 'mono' }, d.event),
              el('td', {}, String(d.attempt)),
              el('td', {}, d.status_code ? String(d.status_code) : '—', ' (' + d.duration_ms + ' ms)'),
              el('td', {}, STATE[d.state] || d.state, d.next_attempt_at ? [' ', C.time(d.next_attempt_at, 'next ' + C.when(d.next_attempt_at))] : null),
              el('td', {}, d.error || '—'));
          })))));
    });
  }

  function editor() {
    var form = el('form', { id: 'webhook-form', class: 'app-form', novalidate: true });
    var shown = el('div', { id: 'webhook-shown' });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'url', label: 'Address (URL)', type: 'url', required: true, hint: 'An https address of your own system, for example https://crm.example.org/circles.', attrs: { spellcheck: 'false' } }),
      C.checkboxes({ name: 'events', legend: 'Send when', required: true, options: C.choices(C.words.webhook_event), values: Object.keys(C.words.webhook_event) })
    ]);
    var button = el('button', { class: 'button', type: 'submit' }, 'Create webhook');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var done = C.busy(button, 'Creating…');
      if (!done) return;
      C.api('POST', '/api/v1/organizations/' + org.id + '/webhooks', { body: { url: C.text(form, 'url'), events: C.checkedValues(form, 'events') } }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.clearErrors(form);
        form.elements.url.value = '';
        C.clear(shown).appendChild(C.secretBox('Copy the signing secret now', 'Signing secret for ' + result.data.url, result.data.secret,
          'This is the only time Circles shows it. Your system uses it to check that each call really comes from Circles. If it is lost, delete the webhook and create it again.'));
        C.$('secret-title').focus();
        load();
      });
    });
    C.$('editor').appendChild(el('section', { class: 'panel', 'aria-labelledby': 'editor-title' }, el('h2', { id: 'editor-title' }, 'Create a webhook'), form, shown));
  }

  C.start().then(function (session) {
    org = session.organization;
    editor();
    load();
  });
})();
