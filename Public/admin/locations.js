/* Circles console — the organization's locations: list, create, edit (If-Match), delete. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var org = null;
  var items = [];


  function row(l) {
    var a = l.accessibility;
    var access = [a.wheelchair_accessible && 'Wheelchair accessible', a.asl_available && 'ASL', a.parking && 'Parking', a.near_transit && 'Near transit'].filter(Boolean);
    return el('li', { class: 'row' },
      el('h2', { class: 'row__title' }, l.name),
      el('p', { class: 'row__meta' }, el('span', {}, C.words.location_kind[l.kind] || l.kind),
        el('span', {}, [l.address, l.city, l.state].filter(Boolean).join(', ') || 'No street address'),
        access.length ? el('span', {}, access.join(' · ')) : null),
      el('div', { class: 'row__actions' },
        el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () { edit(l.id); } } },
          'Edit', el('span', { class: 'visually-hidden' }, ' ' + l.name)),
        el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { remove(l); } } },
          'Delete', el('span', { class: 'visually-hidden' }, ' ' + l.name))));
  }

  function load() {
    return C.api('GET', '/api/v1/locations?organization_id=' + org.id + '&limit=100').then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      items = result.data.data;
      var list = C.clear(C.$('rows'));
      items.forEach(function (l) { list.appendChild(row(l)); });
      if (!items.length) list.appendChild(el('li', { class: 'empty' }, 'No locations yet.'));
    });
  }

  function editor(l, etag) {
    l = l || { kind: 'community_center', accessibility: {} };
    var a = l.accessibility || {};
    var holder = C.clear(C.$('editor'));
    var form = el('form', { id: 'location-form', class: 'app-form', novalidate: true });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'name', label: 'Name', required: true, value: l.name, attrs: { maxlength: '200' } }),
      C.field({ name: 'kind', label: 'Kind of place', type: 'select', required: true, value: l.kind, options: C.choices(C.words.location_kind) }),
      C.field({ name: 'address', label: 'Street address', value: l.address, attrs: { autocomplete: 'off' } }),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'city', label: 'City', value: l.city }),
        C.field({ name: 'county', label: 'County', value: l.county }),
        C.field({ name: 'state', label: 'State', type: 'select', value: l.state || '',
          options: [['', 'Choose a state']].concat(C.named('state', [l.state])) }),
        C.field({ name: 'zip', label: 'ZIP code', value: l.zip, attrs: { inputmode: 'numeric', maxlength: '10' } })),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'wheelchair_accessible', label: 'Wheelchair accessible', type: 'checkbox', value: a.wheelchair_accessible }),
        C.field({ name: 'asl_available', label: 'ASL interpretation', type: 'checkbox', value: a.asl_available }),
        C.field({ name: 'parking', label: 'Parking', type: 'checkbox', value: a.parking }),
        C.field({ name: 'near_transit', label: 'Near public transit', type: 'checkbox', value: a.near_transit })),
      C.field({ name: 'accessibility_notes', label: 'Accessibility notes', type: 'textarea', rows: 3, value: a.notes, attrs: { maxlength: '1000' } }),
      C.field({ name: 'directions', label: 'Directions', type: 'textarea', rows: 3, value: l.directions, hint: 'Which door, which room, where to park.', attrs: { maxlength: '1000' } })
    ]);
    var button = el('button', { class: 'button', type: 'submit' }, l.id ? 'Save location' : 'Create location');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    var key = null;
    form.addEventListener('input', function () { key = null; });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var done = C.busy(button);
      if (!done) return;
      var b = { name: C.text(form, 'name'), kind: form.elements.kind.value,
        wheelchair_accessible: form.elements.wheelchair_accessible.checked, asl_available: form.elements.asl_available.checked,
        parking: form.elements.parking.checked, near_transit: form.elements.near_transit.checked,
        accessibility_notes: C.text(form, 'accessibility_notes'), directions: C.text(form, 'directions') };
      ['address', 'city', 'county', 'state', 'zip'].forEach(function (n) { b[n] = C.text(form, n) || null; });
      var request;
      if (l.id) request = C.api('PATCH', '/api/v1/locations/' + l.id, { body: b, etag: etag });
      else {
        b.organization_id = org.id;
        Object.keys(b).forEach(function (k) { if (b[k] === null) delete b[k]; });
        key = key || C.newKey();
        request = C.api('POST', '/api/v1/locations', { body: b, key: key });
      }
      request.then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.announce((l.id ? 'Saved ' : 'Created ') + result.data.name + '.');
        load().then(function () { editor(result.data, result.etag); C.$('editor-title').focus(); });
      });
    });
    holder.appendChild(el('section', { class: 'panel', 'aria-labelledby': 'editor-title' },
      el('h2', { id: 'editor-title', tabindex: '-1' }, l.id ? 'Edit ' + l.name : 'New location'), form));
  }

  function edit(locationId) {
    C.api('GET', '/api/v1/locations/' + locationId).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      editor(result.data, result.etag);
      C.$('editor-title').focus();
    });
  }

  function remove(l) {
    if (!window.confirm('Delete the location “' + l.name + '”?')) return;
    C.api('GET', '/api/v1/locations/' + l.id).then(function (read) {
      if (!read.ok) { C.$('list-problem').textContent = C.problemText(read); return null; }
      return C.api('DELETE', '/api/v1/locations/' + l.id, { etag: read.etag }).then(function (result) {
        if (!result.ok) {
          C.$('list-problem').textContent = result.status === 409 ? 'This location is still used by a group or a meeting time. Change those first.' : C.problemText(result);
          return;
        }
        C.announce('Deleted ' + l.name + '.');
        editor(null);
        load();
      });
    });
  }

  C.start().then(function (session) {
    org = session.organization;
    C.$('new-location').addEventListener('click', function () { editor(null); C.$('editor-title').focus(); });
    load();
    editor(null);
  });
})();
