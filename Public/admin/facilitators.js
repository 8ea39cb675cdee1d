/* Circles console — facilitators with their trainings (and when each expires): list, create, edit, delete. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var org = null;
  var trainingCount = 0;

  function row(f) {
    var expired = f.trainings.filter(function (t) { return t.expired; });
    return el('li', { class: 'row' + (expired.length ? ' row--urgent' : '') },
      el('h2', { class: 'row__title' }, f.display_name),
      el('p', { class: 'row__meta' },
        f.lived_experience.length ? el('span', {}, f.lived_experience.join(', ')) : null,
        f.languages.length ? el('span', {}, 'Languages: ' + f.languages.map(C.language).join(', ')) : null,
        el('span', {}, f.trainings.length + (f.trainings.length === 1 ? ' training' : ' trainings')),
        expired.length ? el('span', { class: 'badge badge--urgent' }, expired.length === 1 ? 'A training has expired' : expired.length + ' trainings have expired') : null),
      el('div', { class: 'row__actions' },
        el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () { edit(f.id); } } },
          'Edit', el('span', { class: 'visually-hidden' }, ' ' + f.display_name)),
        el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { remove(f); } } },
          'Delete', el('span', { class: 'visually-hidden' }, ' ' + f.display_name))));
  }

  function load() {
    return C.api('GET', '/api/v1/facilitators?organization_id=' + org.id + '&limit=100').then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      var list = C.clear(C.$('rows'));
      result.data.data.forEach(function (f) { list.appendChild(row(f)); });
      if (!result.data.data.length) list.appendChild(el('li', { class: 'empty' }, 'No facilitators yet.'));
    });
  }

  /** One training as a small fieldset; `index` names its fields for the API's errors (trainings[0].name). */
  function trainingRow(t, holder) {
    var n = ++trainingCount;
    var box = el('fieldset', { class: 'training', 'data-training': 'true' });
    function f(name, label, type, value, required) {
      var input = C.field({ name: 't-' + name, id: 'f-training-' + n + '-' + name, label: label, type: type, value: value, required: required });
      input.querySelector('input').setAttribute('data-key', name);
      return input;
    }
    C.append(box, [
      el('legend', {}, 'Training'),
      f('name', 'Name of the training', 'text', t.name, true),
      f('issuer', 'Given by', 'text', t.issuer),
      el('div', { class: 'grid-fields' }, f('completed_on', 'Completed on', 'date', t.completed_on), f('expires_on', 'Expires on', 'date', t.expires_on)),
      t.expired ? el('p', { class: 'error-text' }, 'This training has expired.') : null,
      el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () {
        box.parentNode.removeChild(box);
        renumber(holder);
        C.announce('Training removed.');
      } } }, 'Remove this training')
    ]);
    return box;
  }

  /** Gives each training's inputs the API's field names, so errors land beside the right one. */
  function renumber(holder) {
    var boxes = holder.querySelectorAll('[data-training]');
    Array.prototype.forEach.call(boxes, function (box, i) {
      box.querySelector('legend').textContent = 'Training ' + (i + 1);
      Array.prototype.forEach.call(box.querySelectorAll('input[data-key]'), function (input) {
        input.setAttribute('data-field', 'trainings[' + i + '].' + input.getAttribute('data-key'));
      });
    });
  }

  function editor(f, etag) {
    f = f || { lived_experience: [], languages: ['en'], trainings: [] };
    var holder = C.clear(C.$('editor'));
    var form = el('form', { id: 'facilitator-form', class: 'app-form', novalidate: true });
    var trainings = el('div', { id: 'trainings' });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'display_name', label: 'Name shown to the public', required: true, value: f.display_name, hint: 'Many facilitators use a first name and an initial.', attrs: { maxlength: '100' } }),
      C.field({ name: 'bio', label: 'About them', type: 'textarea', rows: 4, value: f.bio, attrs: { maxlength: '2000' } }),
      C.field({ name: 'lived_experience', label: 'Lived experience', value: f.lived_experience.join(', '), hint: 'Separated by commas, for example “grief, caregiving”.' }),
      C.checkboxes({ name: 'languages', legend: 'Languages', values: f.languages, options: C.named('language', f.languages) }),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'private_email', label: 'Private e-mail', type: 'email', value: f.private_email, hint: 'Only your coordinators see it.' }),
        C.field({ name: 'private_phone', label: 'Private phone', type: 'tel', value: f.private_phone, hint: 'Only your coordinators see it.' })),
      el('h3', {}, 'Trainings'),
      trainings,
      el('p', {}, el('button', { class: 'button button--secondary button--small', type: 'button', id: 'add-training', on: { click: function () {
        var box = trainingRow({}, trainings);
        trainings.appendChild(box);
        renumber(trainings);
        box.querySelector('input').focus();
      } } }, 'Add a training'))
    ]);
    f.trainings.forEach(function (t) { trainings.appendChild(trainingRow(t, trainings)); });
    renumber(trainings);
    var button = el('button', { class: 'button', type: 'submit' }, f.id ? 'Save facilitator' : 'Create facilitator');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    var key = null;
    form.addEventListener('input', function () { key = null; });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var done = C.busy(button);
      if (!done) return;
      var b = { display_name: C.text(form, 'display_name'), bio: C.text(form, 'bio'),
        lived_experience: C.list(C.text(form, 'lived_experience')), languages: C.checkedValues(form, 'languages'),
        private_email: C.text(form, 'private_email') || null, private_phone: C.text(form, 'private_phone') || null,
        trainings: Array.prototype.map.call(trainings.querySelectorAll('[data-training]'), function (box) {
          var t = {};
          Array.prototype.forEach.call(box.querySelectorAll('input[data-key]'), function (input) {
            var v = input.value.trim();
            var k = input.getAttribute('data-key');
            if (k === 'name' || k === 'issuer') t[k] = v; else if (v) t[k] = v;
          });
          return t;
        }) };
      var request;
      if (f.id) request = C.api('PATCH', '/api/v1/facilitators/' + f.id, { body: b, etag: etag });
      else {
        b.organization_id = org.id;
        if (!b.private_email) delete b.private_email;
        if (!b.private_phone) delete b.private_phone;
        key = key || C.newKey();
        request = C.api('POST', '/api/v1/facilitators', { body: b, key: key });
      }
      request.then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.announce((f.id ? 'Saved ' : 'Created ') + result.data.display_name + '.');
        load().then(function () { editor(result.data, result.etag); C.$('editor-title').focus(); });
      });
    });
    holder.appendChild(el('section', { class: 'panel', 'aria-labelledby': 'editor-title' },
      el('h2', { id: 'editor-title', tabindex: '-1' }, f.id ? 'Edit ' + f.display_name : 'New facilitator'), form));
  }

  function edit(facilitatorId) {
    C.api('GET', '/api/v1/facilitators/' + facilitatorId).then(function (result) {
      if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
      editor(result.data, result.etag);
      C.$('editor-title').focus();
    });
  }

  function remove(f) {
    if (!window.confirm('Delete ' + f.display_name + '? They are taken off every group they lead.')) return;
    C.api('GET', '/api/v1/facilitators/' + f.id).then(function (read) {
      if (!read.ok) { C.$('list-problem').textContent = C.problemText(read); return null; }
      return C.api('DELETE', '/api/v1/facilitators/' + f.id, { etag: read.etag }).then(function (result) {
        if (!result.ok) { C.$('list-problem').textContent = C.problemText(result); return; }
        C.announce('Deleted ' + f.display_name + '.');
        editor(null);
        load();
      });
    });
  }

  C.start().then(function (session) {
    org = session.organization;
    C.$('new-facilitator').addEventListener('click', function () { editor(null); C.$('editor-title').focus(); });
    load();
    editor(null);
  });
})();
