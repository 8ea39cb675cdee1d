/*
 * Circles console — one group: its details (PATCH with If-Match, so nobody's change is lost),
 * its meeting times (schedules), and one-off changes to a single date (cancel or move).
 * Without ?id= it creates a new group.
 */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var id = Number(C.query('id')) || null;
  var org = null;
  var etag = null;
  var current = null;
  var createKey = null;
  var extras = { topics: [], locations: [], facilitators: [] };

  var WEEKDAYS = [['monday', 'Monday'], ['tuesday', 'Tuesday'], ['wednesday', 'Wednesday'], ['thursday', 'Thursday'],
    ['friday', 'Friday'], ['saturday', 'Saturday'], ['sunday', 'Sunday']];

  var TEXTS = [['name', 'Name', 150], ['summary', 'Summary', 300], ['description', 'Description', 5000],
    ['first_meeting_note', 'At a first meeting', 1000]];

  /**
   * The languages a group's texts may be translated into: the pages' (one per catalogue the server loaded,
   * `page_language` of /js/vocabulary.json) and any it already has.
   */
  function translationLanguages(g) {
    var pages = Object.keys(C.words.page_language);
    return pages.concat(Object.keys(g.translations || {}).filter(function (c) { return pages.indexOf(c) < 0; }));
  }

  /**
   * The language the texts are written in (chosen by name), and a fieldset per other language for the
   * same texts in it; the fieldset of the language chosen above hides.
   */
  function languageFields(g) {
    var own = g.content_language || 'en';
    var choice = C.field({ name: 'content_language', label: 'Language the name, summary, description and first-meeting note are written in',
      type: 'select', value: own, options: C.named('language', [own]).filter(function (o) { return o[0] !== 'ase'; }),
      hint: 'Pages in other languages show these texts marked with this language, unless you give them below.' });
    var sets = translationLanguages(g).map(function (code) {
      var given = (g.translations || {})[code] || {};
      var words = C.language(code);
      return el('fieldset', { class: 'field translation', 'data-language': code, hidden: code === own },
        el('legend', { class: 'legend' }, 'The texts in ' + words, el('span', { class: 'optional' }, ' (optional)')),
        el('p', { class: 'hint' }, 'Shown on the pages in this language. A text left empty shows the original there.'),
        TEXTS.map(function (t) {
          return C.field({ name: 'translations.' + code + '.' + t[0], label: t[1] + ' in ' + words, value: given[t[0]],
            type: t[2] > 300 ? 'textarea' : 'text', rows: 3, attrs: { maxlength: String(t[2]), lang: code } });
        }));
    });
    choice.querySelector('select').addEventListener('change', function (event) {
      sets.forEach(function (set) { set.hidden = set.getAttribute('data-language') === event.target.value; });
    });
    return [el('h3', {}, 'Languages of the texts'), choice].concat(sets);
  }

  /** The translations of the form: every language but the texts' own, each text or null. */
  function translationsOf(form) {
    var own = form.elements.content_language.value;
    var result = {};
    Array.prototype.forEach.call(form.querySelectorAll('fieldset.translation'), function (set) {
      var code = set.getAttribute('data-language');
      if (code === own) return;
      var texts = {};
      var any = false;
      TEXTS.forEach(function (t) {
        var value = C.text(form, 'translations.' + code + '.' + t[0]);
        texts[t[0]] = value || null;
        any = any || Boolean(value);
      });
      if (any) result[code] = texts;
    });
    return result;
  }

  function options(list, blank) {
    var result = blank ? [['', blank]] : [];
    return result.concat(list);
  }

  // ---- Details ------------------------------------------------------------------

  function detailsForm(g) {
    var zones = Object.keys(C.words.time_zone);
    var here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    g = g || { format: 'in_person', join_mode: 'drop_in', status: 'active', is_free: true, languages: ['en'], audiences: ['everyone'], topics: [], facilitators: [],
      time_zone: zones.indexOf(here) >= 0 ? here : 'America/New_York' };
    var form = el('form', { id: 'group-form', class: 'app-form', novalidate: true });
    C.append(form, C.errorSummary());
    C.append(form, [
      C.field({ name: 'name', label: 'Name', required: true, value: g.name, attrs: { maxlength: '150' } }),
      C.field({ name: 'summary', label: 'Summary', value: g.summary, hint: 'One sentence, shown in search results.', attrs: { maxlength: '300' } }),
      C.field({ name: 'description', label: 'Description', type: 'textarea', rows: 6, value: g.description,
        hint: 'Who the group is for, what a meeting is like, and what to expect the first time.', attrs: { maxlength: '5000' } }),
      C.checkboxes({ name: 'topics', legend: 'Topics', hint: 'Up to 10. People find groups by these.', values: g.topics,
        options: extras.topics.map(function (t) { return [t.slug, t.name]; }) }),
      C.checkboxes({ name: 'audiences', legend: 'Who it is for', values: g.audiences, options: C.choices(C.words.audience) }),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'format', label: 'Format', type: 'select', required: true, value: g.format,
          options: C.choices(C.words.group_format) }),
        C.field({ name: 'status', label: 'Status', type: 'select', required: true, value: g.status, options: C.choices(C.words.group_status),
          hint: 'Active: meeting and taking referrals. Paused: taking a break. Archived: no longer runs.' }),
        C.field({ name: 'time_zone', label: 'Time zone', type: 'select', required: true, value: g.time_zone,
          options: C.named('time_zone', [g.time_zone]) })),
      C.checkboxes({ name: 'languages', legend: 'Languages spoken at meetings', values: g.languages || [],
        options: C.named('language', g.languages) }),
      C.field({ name: 'location_id', label: 'Where it meets', type: 'select', value: g.location ? g.location.id : '',
        options: options(extras.locations.map(function (l) { return [String(l.id), l.name + (l.city ? ', ' + l.city : '')]; }), 'No fixed place'),
        hint: 'Add places on the Locations page.' }),
      extras.facilitators.length ? C.checkboxes({ name: 'facilitator_ids', legend: 'Facilitators', values: (g.facilitators || []).map(function (f) { return f.id; }),
        options: extras.facilitators.map(function (f) { return [String(f.id), f.display_name]; }) }) : null,
      el('div', { class: 'grid-fields' },
        C.field({ name: 'join_mode', label: 'How to join', type: 'select', value: g.join_mode,
          options: C.choices(C.words.join_mode) }),
        C.field({ name: 'registration_url', label: 'Registration page', type: 'url', value: g.registration_url }),
        C.field({ name: 'contact_email', label: 'Contact e-mail', type: 'email', value: g.contact_email }),
        C.field({ name: 'contact_phone', label: 'Contact phone', type: 'tel', value: g.contact_phone }),
        C.field({ name: 'online_url', label: 'Online meeting link', type: 'url', value: g.online_url, hint: 'Needed for online and hybrid groups (or a dial-in). Meeting-list apps keep Zoom, Google Meet, Teams, Jitsi and Webex links.' }),
        C.field({ name: 'dial_in', label: 'Dial-in', value: g.dial_in, hint: 'Needed for phone groups. The number with its area code, e.g. (303) 555-0100, then any access code.' })),
      C.field({ name: 'online_details_private', label: 'Share the online link and dial-in only with people who register', type: 'checkbox', value: g.online_details_private }),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'is_free', label: 'Free of charge', type: 'checkbox', value: g.is_free }),
        C.field({ name: 'cost', label: 'Cost', value: g.cost, hint: 'For example “$5 suggested donation; nobody turned away”.' })),
      el('h3', {}, 'What to expect'),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'open_to', label: 'Who may come', type: 'select', value: g.open_to || 'anyone',
          options: C.choices(C.words.open_to) }),
        C.field({ name: 'capacity', label: 'Most people the group takes', type: 'number', value: g.capacity, hint: 'Leave empty when there is no cap.', attrs: { min: '1', max: '10000' } }),
        C.field({ name: 'open_seats', label: 'Open seats now', type: 'number', value: g.open_seats, hint: '0 marks the group full; referrers are warned.', attrs: { min: '0', max: '10000' } })),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'camera_optional', label: 'Online: camera optional', type: 'checkbox', value: g.camera_optional !== false }),
        C.field({ name: 'childcare', label: 'Childcare offered', type: 'checkbox', value: g.childcare }),
        C.field({ name: 'asl_interpretation', label: 'ASL interpretation', type: 'checkbox', value: g.asl_interpretation })),
      C.field({ name: 'first_meeting_note', label: 'At a first meeting', type: 'textarea', rows: 3, value: g.first_meeting_note,
        hint: 'What a newcomer should know, for example where to go and that they can just listen.', attrs: { maxlength: '1000' } })
    ].concat(languageFields(g)));
    var button = el('button', { class: 'button', type: 'submit', id: 'group-save' }, id ? 'Save changes' : 'Create group');
    form.appendChild(warningList(g.warnings));
    form.appendChild(el('div', { class: 'form-actions' }, button, el('span', { class: 'muted', role: 'status', id: 'group-saved' })));
    form.addEventListener('input', function () { createKey = null; });
    form.addEventListener('submit', function (event) { event.preventDefault(); save(form, button); });
    return form;
  }

  /** What the API warns about (allowed, but other software reads it badly): a meeting link no meeting-list reader knows. */
  function warningList(warnings) {
    var labels = { online_url: 'Online meeting link', dial_in: 'Dial-in' };
    return el('div', { class: 'notice', id: 'group-warnings', role: 'status' }, (warnings || []).map(function (w) {
      return el('p', {}, el('strong', {}, (labels[w.field] || w.field) + ': '), w.message);
    }));
  }

  function body(form) {
    var b = {
      name: C.text(form, 'name'), summary: C.text(form, 'summary'), description: C.text(form, 'description'),
      topics: C.checkedValues(form, 'topics'), audiences: C.checkedValues(form, 'audiences'),
      format: form.elements.format.value, status: form.elements.status.value, time_zone: form.elements.time_zone.value,
      languages: C.checkedValues(form, 'languages'), join_mode: form.elements.join_mode.value,
      online_details_private: form.elements.online_details_private.checked, is_free: form.elements.is_free.checked, cost: C.text(form, 'cost'),
      location_id: form.elements.location_id.value ? Number(form.elements.location_id.value) : null,
      open_to: form.elements.open_to.value, camera_optional: form.elements.camera_optional.checked,
      childcare: form.elements.childcare.checked, asl_interpretation: form.elements.asl_interpretation.checked,
      first_meeting_note: C.text(form, 'first_meeting_note'),
      content_language: form.elements.content_language.value, translations: translationsOf(form),
      capacity: form.elements.capacity.value === '' ? null : Number(form.elements.capacity.value),
      open_seats: form.elements.open_seats.value === '' ? null : Number(form.elements.open_seats.value)
    };
    if (form.querySelector('input[name=facilitator_ids]')) b.facilitator_ids = C.checkedValues(form, 'facilitator_ids').map(Number);
    ['registration_url', 'contact_email', 'contact_phone', 'online_url', 'dial_in'].forEach(function (name) {
      b[name] = C.text(form, name) || null;
    });
    if (!b.audiences.length) b.audiences = ['everyone'];
    if (!b.languages.length) b.languages = ['en'];
    if (!id) {
      b.organization_id = org.id;
      Object.keys(b).forEach(function (k) { if (b[k] === null) delete b[k]; });
    }
    return b;
  }

  function save(form, button) {
    var done = C.busy(button);
    if (!done) return;
    C.clearErrors(form);
    var request;
    if (id) {
      request = C.api('PATCH', '/api/v1/groups/' + id, { body: body(form), etag: etag });
    } else {
      createKey = createKey || C.newKey();
      request = C.api('POST', '/api/v1/groups', { body: body(form), key: createKey });
    }
    request.then(function (result) {
      done();
      if (result.ok && !id) {
        window.location.assign('/admin/group.html?id=' + result.data.id + '&created=1');
        return;
      }
      if (result.ok) {
        etag = result.etag || etag;
        current = result.data;
        C.$('group-warnings').replaceWith(warningList(current.warnings));
        C.$('group-saved').textContent = 'Saved.';
        C.announce('Changes saved.');
        drawSchedules();
        return;
      }
      C.showErrors(form, result);
      if (result.status === 412) {
        var problem = form.querySelector('.form-problem');
        problem.appendChild(el('span', {}, ' ', el('a', { href: window.location.href }, 'Reload this group')));
      }
    });
  }

  // ---- Schedules and one-off changes ------------------------------------------

  function locationName(locationId) {
    var l = extras.locations.filter(function (x) { return x.id === locationId; })[0];
    return l ? l.name : '';
  }

  function scheduleItem(s) {
    var item = el('li', { class: 'row' },
      el('h3', { class: 'row__title' }, s.summary || s.frequency),
      el('p', { class: 'row__meta' },
        el('span', {}, s.duration_minutes + ' minutes'),
        el('span', {}, 'From ' + C.day(s.starts_on) + (s.ends_on ? ' until ' + C.day(s.ends_on) : '')),
        s.location_id ? el('span', {}, locationName(s.location_id)) : null,
        el('span', {}, C.zone(s.time_zone))),
      s.notes ? el('p', { class: 'small' }, s.notes) : null);
    if (s.exceptions.length) {
      item.appendChild(el('h4', { class: 'small' }, 'Changes to single dates'));
      item.appendChild(el('ul', { class: 'small' }, s.exceptions.map(function (x) {
        var what = x.kind === 'cancelled' ? 'Cancelled' : 'Moved' + (x.moved_to_date ? ' to ' + C.day(x.moved_to_date) : '') + (x.moved_to_time ? ' at ' + C.clock(x.moved_to_time) : '');
        return el('li', {}, C.day(x.occurrence_date) + ': ' + what + (x.note ? ' — “' + x.note + '”' : '') + ' ',
          el('button', { class: 'link-button', type: 'button', on: { click: function () { undoException(s, x); } } },
            'Undo', el('span', { class: 'visually-hidden' }, ' the change on ' + C.day(x.occurrence_date))));
      })));
    }
    item.appendChild(el('div', { class: 'row__actions' },
      el('button', { class: 'button button--secondary button--danger button--small', type: 'button', on: { click: function () { deleteSchedule(s); } } },
        'Delete this meeting time', el('span', { class: 'visually-hidden' }, ': ' + (s.summary || '')))));
    return item;
  }

  function undoException(s, x) {
    if (!window.confirm('Undo the change on ' + C.day(x.occurrence_date) + '? The meeting goes back to its usual time.')) return;
    C.api('DELETE', '/api/v1/schedules/' + s.id + '/exceptions/' + x.occurrence_date).then(function (result) {
      if (!result.ok) { C.$('schedule-problem').textContent = C.problemText(result); return; }
      C.announce('The change on ' + C.day(x.occurrence_date) + ' was undone.');
      refresh();
    });
  }

  function deleteSchedule(s) {
    if (!window.confirm('Delete the meeting time “' + s.summary + '”? Its one-off changes go too.')) return;
    C.api('GET', '/api/v1/schedules/' + s.id).then(function (read) {
      if (!read.ok) { C.$('schedule-problem').textContent = C.problemText(read); return null; }
      return C.api('DELETE', '/api/v1/schedules/' + s.id, { etag: read.etag }).then(function (result) {
        if (!result.ok) { C.$('schedule-problem').textContent = C.problemText(result); return; }
        C.announce('Meeting time deleted.');
        refresh();
      });
    });
  }

  function scheduleForm() {
    var form = el('form', { id: 'schedule-form', class: 'app-form', novalidate: true });
    var today = new Date().toISOString().slice(0, 10);
    C.append(form, C.errorSummary());
    var frequency = C.field({ name: 'frequency', label: 'How often', type: 'select', required: true, value: 'weekly',
      options: C.choices(C.words.schedule_frequency) });
    var week = C.field({ name: 'week_of_month', label: 'Which week of the month', type: 'select', value: '1',
      options: [['1', 'First'], ['2', 'Second'], ['3', 'Third'], ['4', 'Fourth'], ['-1', 'Last']] });
    C.append(form, [
      el('div', { class: 'grid-fields' }, frequency, week),
      C.checkboxes({ name: 'weekdays', legend: 'On', required: true, options: WEEKDAYS, values: [] }),
      el('div', { class: 'grid-fields' },
        C.field({ name: 'start_time', label: 'Starts at', type: 'time', required: true, value: '18:00' }),
        C.field({ name: 'duration_minutes', label: 'Minutes', type: 'number', required: true, value: 90, attrs: { min: '1', max: '1440' } }),
        C.field({ name: 'starts_on', label: 'First date', type: 'date', required: true, value: today }),
        C.field({ name: 'ends_on', label: 'Last date', type: 'date' })),
      C.field({ name: 'location_id', id: 'f-schedule-location', label: 'Place, if not the group’s usual one', type: 'select', value: '',
        options: options(extras.locations.map(function (l) { return [String(l.id), l.name]; }), 'The group’s usual place') }),
      C.field({ name: 'notes', label: 'Notes', hint: 'For example “Doors open 15 minutes early”.', attrs: { maxlength: '500' } })
    ]);
    function showWeek() { week.hidden = form.elements.frequency.value !== 'monthly'; }
    form.elements.frequency.addEventListener('change', showWeek);
    showWeek();
    var button = el('button', { class: 'button', type: 'submit' }, 'Add meeting time');
    var key = null;
    form.addEventListener('input', function () { key = null; });
    form.appendChild(el('div', { class: 'form-actions' }, button));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var done = C.busy(button);
      if (!done) return;
      var b = {
        frequency: form.elements.frequency.value, weekdays: C.checkedValues(form, 'weekdays'),
        start_time: form.elements.start_time.value, duration_minutes: Number(form.elements.duration_minutes.value),
        starts_on: form.elements.starts_on.value, notes: C.text(form, 'notes')
      };
      if (b.frequency === 'monthly') b.week_of_month = Number(form.elements.week_of_month.value);
      if (form.elements.ends_on.value) b.ends_on = form.elements.ends_on.value;
      if (form.elements.location_id.value) b.location_id = Number(form.elements.location_id.value);
      key = key || C.newKey();
      C.api('POST', '/api/v1/groups/' + id + '/schedules', { body: b, key: key }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        key = null;
        C.announce('Meeting time added: ' + result.data.summary + '.');
        refresh();
      });
    });
    return form;
  }

  function exceptionForm(meeting, kind, holder) {
    var form = el('form', { class: 'app-form confirm-box', novalidate: true, 'aria-label': (kind === 'cancelled' ? 'Cancel ' : 'Move ') + meeting.date });
    C.append(form, C.errorSummary());
    form.appendChild(el('h4', { tabindex: '-1' }, (kind === 'cancelled' ? 'Cancel the meeting on ' : 'Move the meeting on ') + day(meeting.date)));
    if (kind === 'moved') {
      C.append(form, el('div', { class: 'grid-fields' },
        C.field({ name: 'moved_to_date', label: 'New date', type: 'date', unique: true, value: meeting.date }),
        C.field({ name: 'moved_to_time', label: 'New time', type: 'time', unique: true, value: meeting.start_time }),
        C.field({ name: 'moved_location_id', label: 'New place', type: 'select', unique: true, value: '',
          options: options(extras.locations.map(function (l) { return [String(l.id), l.name]; }), 'Same place') })));
    }
    form.appendChild(C.field({ name: 'note', label: 'Note for members', unique: true, attrs: { maxlength: '500' },
      hint: kind === 'cancelled' ? 'Shown on the group’s page, for example “Holiday: back next week”.' : 'Shown on the group’s page, for example “Room 12 this week”.' }));
    var button = el('button', { class: 'button' + (kind === 'cancelled' ? ' button--danger' : ''), type: 'submit' }, kind === 'cancelled' ? 'Cancel this date' : 'Move this date');
    var close = el('button', { class: 'button button--secondary', type: 'button', on: { click: function () { C.clear(holder); holder.previousSibling.querySelector('button').focus(); } } }, 'Keep it as it is');
    form.appendChild(el('div', { class: 'button-row' }, button, close));
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var done = C.busy(button);
      if (!done) return;
      var b = { occurrence_date: meeting.original_date, kind: kind, note: C.text(form, 'note') };
      if (kind === 'moved') {
        if (form.elements.moved_to_date.value && form.elements.moved_to_date.value !== meeting.original_date) b.moved_to_date = form.elements.moved_to_date.value;
        if (form.elements.moved_to_time.value && form.elements.moved_to_time.value !== meeting.start_time) b.moved_to_time = form.elements.moved_to_time.value;
        if (form.elements.moved_location_id.value) b.moved_location_id = Number(form.elements.moved_location_id.value);
      }
      C.api('POST', '/api/v1/schedules/' + meeting.schedule_id + '/exceptions', { body: b, idempotent: true }).then(function (result) {
        done();
        if (!result.ok) { C.showErrors(form, result); return; }
        C.announce(kind === 'cancelled' ? 'The meeting on ' + meeting.date + ' is cancelled.' : 'The meeting on ' + meeting.date + ' is moved.');
        refresh();
      });
    });
    return form;
  }

  var day = C.day;

  function meetingItem(m) {
    var holder = el('div', {});
    var label = day(m.date) + ', ' + C.clock(m.start_time) + '–' + C.clock(m.end_time);
    var state = m.status === 'cancelled' ? el('span', { class: 'badge badge--declined' }, 'Cancelled')
      : m.status === 'moved' ? el('span', { class: 'badge badge--new' }, 'Moved from ' + day(m.original_date)) : null;
    var confirmed = m.confirmed ? el('span', { class: 'badge badge--confirmed' }, 'Confirmed') : null;
    var actions = el('div', { class: 'row__actions' });
    if (m.status !== 'cancelled' && !m.confirmed) {
      actions.appendChild(el('button', { class: 'button button--small', type: 'button', on: { click: function (event) {
        occurrence(m, 'confirm', event.currentTarget);
      } } }, 'Confirm', el('span', { class: 'visually-hidden' }, ' the meeting on ' + day(m.date))));
    }
    if (m.status === 'cancelled') {
      actions.appendChild(el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function (event) {
        occurrence(m, 'confirm', event.currentTarget);
      } } }, 'It is on after all', el('span', { class: 'visually-hidden' }, ': the meeting on ' + day(m.date))));
    }
    if (m.status !== 'cancelled') {
      actions.appendChild(el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () {
        C.clear(holder).appendChild(exceptionForm(m, 'cancelled', holder));
        holder.querySelector('h4').focus();
      } } }, 'Cancel', el('span', { class: 'visually-hidden' }, ' the meeting on ' + day(m.date))));
      actions.appendChild(el('button', { class: 'button button--secondary button--small', type: 'button', on: { click: function () {
        C.clear(holder).appendChild(exceptionForm(m, 'moved', holder));
        holder.querySelector('h4').focus();
      } } }, 'Move', el('span', { class: 'visually-hidden' }, ' the meeting on ' + day(m.date))));
    }
    return el('li', { class: 'row' },
      el('p', { class: 'row__title' }, el('strong', {}, label), ' ', state, ' ', confirmed),
      m.note ? el('p', { class: 'small' }, m.note) : null,
      m.location ? el('p', { class: 'small muted' }, m.location.name) : null,
      actions, holder);
  }

  /** Confirms or cancels one meeting in one request (POST …/occurrences/<date>/confirm|cancel). */
  function occurrence(m, verb, button) {
    var done = C.busy(button);
    if (!done) return;
    C.api('POST', '/api/v1/schedules/' + m.schedule_id + '/occurrences/' + m.original_date + '/' + verb).then(function (result) {
      done();
      if (!result.ok) { C.$('schedule-problem').textContent = C.problemText(result); return; }
      C.announce(verb === 'confirm' ? 'The meeting on ' + day(m.date) + ' is confirmed.' : 'The meeting on ' + day(m.date) + ' is cancelled.');
      refresh();
    });
  }

  // ---- Listing: freshness, one-step confirmations, suggested corrections --------------

  function drawListing() {
    var root = C.$('listing');
    if (!root || !current) return;
    C.clear(root);
    root.appendChild(el('h2', { id: 'listing-title' }, 'Is the listing right?'));
    var stale = current.not_recently_confirmed;
    root.appendChild(el('p', { id: 'listing-state' },
      stale ? el('span', { class: 'badge badge--stale' }, 'Not recently confirmed') : el('span', { class: 'badge badge--confirmed' }, 'Confirmed'), ' ',
      current.last_confirmed_at ? 'Last confirmed ' + C.when(current.last_confirmed_at) + '.' : 'Never confirmed.',
      stale ? ' The public page says so, and search shows it after confirmed groups.' : ''));
    if (current.full) root.appendChild(el('p', {}, el('span', { class: 'badge badge--waitlisted' }, 'Full'), ' Referrers are warned that the group has no open seats.'));
    var actions = el('div', { class: 'button-row' });
    actions.appendChild(el('button', { class: 'button', type: 'button', id: 'confirm-listing', on: { click: function (event) {
      var done = C.busy(event.currentTarget);
      if (!done) return;
      C.api('POST', '/api/v1/groups/' + id + '/confirm').then(function (result) {
        done();
        if (!result.ok) { C.$('listing-problem').textContent = C.problemText(result); return; }
        C.announce('Confirmed: the group meets as listed.');
        refresh();
      });
    } } }, 'Confirm: it meets as listed'));
    var cancelNext = el('button', { class: 'button button--secondary button--danger', type: 'button', id: 'cancel-next', hidden: true }, 'Cancel the next meeting');
    actions.appendChild(cancelNext);
    root.appendChild(actions);
    root.appendChild(el('p', { class: 'form-problem', role: 'alert', id: 'listing-problem' }));
    var next = current.next_meeting;
    if (next && next.status !== 'cancelled') {
      cancelNext.hidden = false;
      cancelNext.appendChild(el('span', {}, ' (' + day(next.date) + ', ' + C.clock(next.start_time) + ')'));
      cancelNext.addEventListener('click', function (event) {
        var done = C.busy(event.currentTarget);
        if (!done) return;
        C.api('POST', '/api/v1/schedules/' + next.schedule_id + '/occurrences/' + next.original_date + '/cancel').then(function (result) {
          done();
          if (!result.ok) { C.$('listing-problem').textContent = C.problemText(result); return; }
          C.announce('The meeting on ' + day(next.date) + ' is cancelled. Undo it under Meeting times if that was a mistake.');
          refresh();
        });
      });
    }
    root.appendChild(el('p', {}, el('a', { href: '/admin/changes.html?group=' + id }, 'Corrections suggested for this group')));
  }

  function drawSchedules() {
    var root = C.$('schedules');
    if (!root || !current) return;
    C.clear(root);
    root.appendChild(el('h2', { id: 'schedules-title' }, 'Meeting times'));
    root.appendChild(el('p', { class: 'form-problem', role: 'alert', id: 'schedule-problem' }));
    root.appendChild(current.schedules.length ? el('ul', { class: 'rows', 'aria-labelledby': 'schedules-title' }, current.schedules.map(scheduleItem))
      : el('p', { class: 'empty' }, 'No meeting times yet. Add one below.'));
    root.appendChild(el('details', { class: 'panel' }, el('summary', {}, el('strong', {}, 'Add a meeting time')), scheduleForm()));

    var upcoming = el('section', { 'aria-labelledby': 'upcoming-title' }, el('h2', { id: 'upcoming-title' }, 'The next eight weeks'),
      el('p', { class: 'muted' }, 'Cancel or move a single meeting without changing the usual times.'));
    root.appendChild(upcoming);
    var from = new Date();
    var to = new Date(from.getTime() + 56 * 86400000);
    C.api('GET', '/api/v1/groups/' + id + '/meetings?from=' + from.toISOString().slice(0, 10) + '&to=' + to.toISOString().slice(0, 10) + '&limit=60').then(function (result) {
      if (!result.ok) { upcoming.appendChild(el('p', { class: 'form-problem' }, C.problemText(result))); return; }
      var meetings = result.data.data;
      upcoming.appendChild(meetings.length ? el('ul', { class: 'rows', id: 'meetings', 'aria-labelledby': 'upcoming-title' }, meetings.map(meetingItem))
        : el('p', { class: 'empty' }, 'No meetings in the next eight weeks.'));
    });
  }

  function refresh() {
    return C.api('GET', '/api/v1/groups/' + id).then(function (result) {
      if (!result.ok) return;
      etag = result.etag;
      current = result.data;
      drawListing();
      drawSchedules();
    });
  }

  // ---- Page -----------------------------------------------------------------------

  function draw() {
    var root = C.clear(C.$('group'));
    var title = current ? current.name : 'New group';
    document.title = title + ' — Circles console';
    root.appendChild(el('h1', { id: 'group-title', tabindex: '-1' }, title));
    if (current) {
      root.appendChild(el('p', { class: 'row__meta' }, el('a', { href: current.links.page }, 'Public page'),
        el('a', { href: '/refer?group=' + current.slug }, 'Referral form'),
        el('a', { href: '/admin/referrals.html?status=open&group=' + current.id }, 'Open referrals')));
    }
    if (C.query('created')) root.appendChild(el('p', { class: 'notice notice--success', role: 'status' }, 'Group created. Now add when it meets.'));
    root.appendChild(el('section', { class: 'panel', 'aria-labelledby': 'details-title' }, el('h2', { id: 'details-title' }, 'Details'), detailsForm(current)));
    if (current) root.insertBefore(el('section', { id: 'listing', class: 'panel', 'aria-labelledby': 'listing-title' }), root.querySelector('section'));
    if (current) root.appendChild(el('section', { id: 'schedules', class: 'stack-section', 'aria-labelledby': 'schedules-title' }));
    drawListing();
    drawSchedules();
  }

  C.start().then(function (session) {
    org = session.organization;
    var loads = [
      C.api('GET', '/api/v1/topics'),
      C.api('GET', '/api/v1/locations?organization_id=' + org.id + '&limit=100'),
      C.api('GET', '/api/v1/facilitators?organization_id=' + org.id + '&limit=100')
    ];
    if (id) loads.push(C.api('GET', '/api/v1/groups/' + id));
    return Promise.all(loads).then(function (r) {
      extras.topics = r[0].ok ? r[0].data.data : [];
      extras.locations = r[1].ok ? r[1].data.data : [];
      extras.facilitators = r[2].ok ? r[2].data.data : [];
      if (id) {
        if (!r[3].ok) { C.$('group').appendChild(el('h1', {}, 'Group not found')); return; }
        current = r[3].data;
        etag = r[3].etag;
      }
      draw();
    });
  });
})();
