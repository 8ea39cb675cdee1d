/* Circles console — one referral: the person's details (an audited read), its history, and its next status. */
import Console from '/admin/console.js';

(function () {
  'use strict';
  var C = Console;
  var el = C.el;
  var id = Number(C.query('id'));

  var MEANING = {
    contacted: 'You reached the person and talked about the group.',
    enrolled: 'The person has joined the group.',
    waitlisted: 'The group is full: the person waits for a place.',
    attended: 'The person went to a first meeting.',
    declined: 'The person or the group decided not to go ahead.',
    unreachable: 'You tried the contact details but could not reach the person.',
    closed: 'Nothing more to do. The person’s details are erased after the retention period.'
  };

  function pair(term, value) {
    if (value === null || value === undefined || value === '') return null;
    return [el('dt', {}, term), el('dd', {}, value)];
  }

  function contact(kind, value) {
    if (!value) return null;
    var href = kind === 'email' ? 'mailto:' + value : 'tel:' + value.replace(/[^\d+]/g, '');
    return el('a', { href: href }, value);
  }

  /** A link that opens a text message to `phone` (for a person who prefers texts). */
  function textLink(phone, label) {
    return el('a', { class: 'button button--small', href: 'sms:' + phone.replace(/[^\d+]/g, '') }, label);
  }

  function render(detail, group, message) {
    var r = detail.referral;
    var p = detail.person;
    var root = C.clear(C.$('referral'));
    document.title = 'Referral #' + r.id + ' — Circles console';
    root.appendChild(el('h1', { id: 'referral-title', tabindex: '-1' }, 'Referral #' + r.id));
    root.appendChild(el('p', { class: 'row__meta' }, C.badge(r.status),
      el('span', { class: 'badge badge--language', id: 'referral-language' }, 'Speaks ' + C.language(r.language)),
      r.urgent ? el('span', { class: 'badge badge--urgent' }, 'Urgent') : null,
      r.crisis_flag ? el('span', { class: 'badge badge--crisis' }, 'Crisis words in note') : null,
      el('span', {}, 'For ', group ? el('a', { href: '/admin/group.html?id=' + group.id }, group.name) : 'group ' + r.group_id),
      el('span', {}, 'Received ', C.time(r.created_at, C.age(r.created_at)))));
    if (message) root.appendChild(el('p', { class: 'notice notice--success', role: 'status', id: 'status-result' }, message));

    // Until someone has reached the person: once contacted, the badges say it was urgent.
    if ((r.crisis_flag || r.urgent) && !r.first_contacted_at && r.status === 'new') {
      root.appendChild(el('div', { class: 'crisis-panel' },
        el('h2', {}, r.crisis_flag ? 'The note may describe a crisis' : 'Marked urgent'),
        el('p', {}, 'Please contact this person first. If you believe someone is in immediate danger, call 911. The 988 Suicide & Crisis Lifeline takes calls and texts at any hour, including from people supporting someone else.'),
        el('ul', { class: 'crisis-actions' },
          el('li', {}, el('a', { class: 'button button--crisis', href: 'tel:988' }, 'Call 988')),
          el('li', {}, el('a', { class: 'button button--emergency', href: 'tel:911' }, 'Call 911')))));
    }

    var left = el('div', {});
    var right = el('div', {});
    root.appendChild(el('div', { class: 'columns' }, left, right));

    var person = el('section', { class: 'panel', 'aria-labelledby': 'person-title' }, el('h2', { id: 'person-title' }, 'Person'));
    if (!p) {
      person.appendChild(el('p', {}, r.personal_data_erased ? 'The personal details were erased after the retention period.' : 'No personal details.'));
    } else {
      person.appendChild(el('dl', { class: 'details' },
        pair('Name', p.name),
        pair('Phone', contact('phone', p.phone)),
        r.preferred_contact_method === 'text' && p.phone ? pair('Text', textLink(p.phone, 'Send a text message')) : null,
        pair('E-mail', contact('email', p.email)),
        pair('Prefers', C.words.contact_method[r.preferred_contact_method] || r.preferred_contact_method),
        pair('Best times', p.preferred_times),
        pair('Language to use', C.language(r.language))));
      if (p.note) person.appendChild(el('div', {}, el('h3', {}, 'Note from the form'), el('p', { class: 'said' }, p.note)));
    }
    left.appendChild(person);

    var by = el('section', { class: 'panel', 'aria-labelledby': 'by-title' }, el('h2', { id: 'by-title' }, 'Referred by'));
    by.appendChild(el('dl', { class: 'details' },
      pair('Who', C.words.referrer_type[r.referrer_type] || r.referrer_type),
      p ? pair('Name', p.referrer_name) : null,
      p ? pair('Organization', p.referrer_organization) : null,
      p ? pair('Phone', contact('phone', p.referrer_phone)) : null,
      p ? pair('E-mail', contact('email', p.referrer_email)) : null,
      pair('Consent', 'Given ' + C.when(detail.consent_at) + ' (wording ' + detail.consent_version + ')')));
    left.appendChild(by);

    right.appendChild(statusForm(r));

    var history = el('section', { class: 'panel', 'aria-labelledby': 'history-title' }, el('h2', { id: 'history-title' }, 'History'));
    var list = el('ol', { class: 'timeline' });
    detail.history.forEach(function (event) {
      list.appendChild(el('li', {},
        el('span', { class: 'what' }, event.from_status ? (C.words.referral_status[event.from_status] || event.from_status) + ' → ' + (C.words.referral_status[event.to_status] || event.to_status) : 'Received as ' + (C.words.referral_status[event.to_status] || event.to_status)),
        el('span', { class: 'when' }, C.when(event.at), ' · ', actor(event.actor)),
        event.note ? el('p', { class: 'said' }, el('span', { class: 'small muted' }, 'Internal note: '), event.note) : null,
        event.shared_note ? el('p', { class: 'said' }, el('span', { class: 'small muted' }, 'Shared with the referrer: '), event.shared_note) : null));
    });
    history.appendChild(list);
    right.appendChild(history);
  }

  function actor(name) {
    if (name === 'person') return 'by the person';
    if (name === 'anonymous') return 'from the public form';
    if (C.session && name === 'user:' + C.session.user.id) return 'by you';
    if (/^key:/.test(name)) return 'by a partner system';
    if (/^user:/.test(name)) return 'by a coordinator';
    return name;
  }

  function statusForm(r) {
    // The moves a coordinator may make (ReferralWorkflow.swift, through /js/vocabulary.json); the API has the last word (409).
    var moves = C.words.referral_status_moves[r.status] || [];
    var section = el('section', { class: 'panel', 'aria-labelledby': 'change-title' }, el('h2', { id: 'change-title' }, 'Change the status'));
    if (!moves.length) {
      section.appendChild(el('p', {}, 'This referral is closed. There is nothing more to change.'));
      return section;
    }
    var form = el('form', { id: 'status-form', novalidate: true });
    C.append(form, C.errorSummary());
    form.appendChild(el('fieldset', { class: 'field' },
      el('legend', { class: 'legend' }, 'New status'),
      el('div', { class: 'choices' }, moves.map(function (status, i) {
        return el('label', { class: 'choice' },
          el('input', { type: 'radio', name: 'status', value: status, id: i === 0 ? 'f-status' : 'f-status-' + status }),
          el('span', {}, el('strong', {}, C.words.referral_status[status] || status), el('br'), el('span', { class: 'small muted' }, MEANING[status] || '')));
      }))));
    form.appendChild(C.field({ name: 'note', label: 'Note for your colleagues', type: 'textarea', rows: 3,
      hint: 'For example what was agreed, or when to try again. Only your organization sees it.', attrs: { maxlength: '1000' } }));
    form.appendChild(C.field({ name: 'shared_note', label: 'Note for the referrer', type: 'textarea', rows: 2,
      hint: 'The clinic or organization that sent this referral through its partner key sees this note, and nothing of your internal note.', attrs: { maxlength: '1000' } }));
    var button = el('button', { class: 'button', type: 'submit', id: 'status-save' }, 'Save status');
    form.appendChild(el('div', { class: 'form-actions' }, button));
    section.appendChild(form);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var status = (form.querySelector('input[name=status]:checked') || {}).value;
      if (!status) { C.showErrors(form, { status: 422, data: { errors: [{ field: 'status', message: 'Choose the new status' }] } }); return; }
      var done = C.busy(button);
      if (!done) return;
      C.api('POST', '/api/v1/referrals/' + r.id + '/status', { body: { status: status, note: C.text(form, 'note'), shared_note: C.text(form, 'shared_note') } }).then(function (result) {
        done();
        if (result.ok) {
          load('Status changed to “' + (C.words.referral_status[status] || status) + '”.');
          return;
        }
        if (result.status === 409) {
          load(null, 'That change is not possible any more: ' + ((result.data && result.data.detail) || 'the referral changed meanwhile.') +
            ' The page now shows the current status.');
          return;
        }
        C.showErrors(form, result);
      });
    });
    return section;
  }

  function load(message, conflict) {
    return C.api('GET', '/api/v1/referrals/' + id).then(function (result) {
      if (!result.ok) {
        C.clear(C.$('referral')).appendChild(el('div', {}, el('h1', {}, 'Referral not found'),
          el('p', {}, result.status === 404 ? 'There is no referral with this number for your organization.' : C.problemText(result))));
        return;
      }
      var detail = result.data;
      return C.api('GET', '/api/v1/groups/' + detail.referral.group_id).then(function (g) {
        render(detail, g.ok ? g.data : null, message);
        if (conflict) {
          var form = C.$('status-form');
          var target = form ? form.querySelector('.form-problem') : null;
          if (target) { target.textContent = conflict; target.setAttribute('tabindex', '-1'); target.focus(); }
          else { C.$('referral').insertBefore(el('p', { class: 'notice notice--error', role: 'alert', tabindex: '-1', id: 'conflict' }, conflict), C.$('referral').firstChild.nextSibling); C.$('conflict').focus(); }
        } else if (message) {
          C.$('referral-title').focus();
          C.announce(message);
        }
      });
    });
  }

  C.start().then(function () {
    if (!id) { C.$('referral').appendChild(el('h1', {}, 'No referral chosen')); return; }
    load();
  });
})();
