/*
 * Circles — the "ask to join" form (/refer?group=<slug>), rendered by the server with the group's card;
 * without this script it posts to /refer and the server answers with the status page or the form again.
 *
 * This script only enhances it: the words that change with who fills it in, the crisis panel as soon
 * as "This is urgent" is ticked, and sending by fetch to POST /api/v1/referrals as JSON, without cookies
 * (it is the person's own request, never a signed-in coordinator's). One Idempotency-Key per attempt: a
 * double click or a retry of the same answers reuses it, so the referral is created once; changed answers
 * get a new key. Errors are shown next to each field and in a summary that takes focus; nothing typed is
 * lost. Once sent, it goes to the status page that confirms it, as the form without JavaScript does.
 */
import { $, announce, api, describedBy, errorLink, language, newKey, page, t } from '/js/lib.js';

(function () {
  'use strict';

  var TEXT_FIELDS = ['person_name', 'person_phone', 'person_email', 'preferred_times', 'note',
    'referrer_name', 'referrer_organization', 'referrer_phone', 'referrer_email'];

  var form = $('refer-form');
  if (!form) return; // no group to ask: the page says so and links to the search
  var state = { groupId: Number(form.getAttribute('data-group-id')), sending: false, attempt: null };

  // ---- Small helpers ------------------------------------------------------

  function setText(selectorOrNode, text) {
    var nodes = typeof selectorOrNode === 'string' ? document.querySelectorAll(selectorOrNode) : [selectorOrNode];
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = text;
  }

  function value(name) {
    var el = form.elements[name];
    if (!el) return '';
    if (el.length !== undefined && el.tagName === undefined) { // a radio group
      for (var i = 0; i < el.length; i++) if (el[i].checked) return el[i].value;
      return '';
    }
    return (el.value || '').trim();
  }

  function referrerType() { return value('referrer_type') || 'self'; }
  function isSelf() { return referrerType() === 'self'; }
  function orgName() { return form.getAttribute('data-organization') || t('refer.the_org'); }

  // ---- Who is filling in the form ----------------------------------------

  function updateWho() {
    var self = isSelf();
    $('referrer-section').hidden = self;
    setText($('person-legend'), t(self ? 'refer.about_you' : 'refer.about_them'));
    setText($('person_name-label'), t(self ? 'refer.your_name' : 'refer.their_name'));
    setText($('contact-legend'), t(self ? 'refer.reach_you' : 'refer.reach_them'));
    setText($('method-legend'), t(self ? 'refer.method_you' : 'refer.method_them'));
    setText('.js-person-object', t(self ? 'refer.object_you' : 'refer.object_them'));
    setText('.js-person-possessive', t(self ? 'refer.possessive_you' : 'refer.possessive_them'));
    setText($('consent-label'), t(self ? 'refer.consent_you' : 'refer.consent_them', { organization: orgName() }));
    // Someone else's details are not the browser's saved details of the one typing.
    ['person_name', 'person_phone', 'person_email'].forEach(function (name) {
      var auto = { person_name: 'name', person_phone: 'tel', person_email: 'email' }[name];
      form.elements[name].setAttribute('autocomplete', self ? auto : 'off');
    });
  }

  function updateUrgent() {
    var urgent = $('urgent').checked;
    $('urgent-inline').hidden = !urgent;
    $('crisis-panel').hidden = !urgent;
    if (urgent) announce(t('refer.urgent_announce'));
  }

  // ---- Errors -------------------------------------------------------------


  /** Turns the API's terse message into a sentence that says what to do. */
  function friendly(field, message) {
    var self = isSelf();
    var m = message || '';
    if (field === 'person_name') return t(self ? 'refer.errors.name_you' : 'refer.errors.name_them');
    if (field === 'person_phone' && /or person_email/.test(m)) return t(self ? 'refer.errors.reach_you' : 'refer.errors.reach_them');
    if (field === 'person_phone' && /preferred contact method/.test(m)) return t('refer.errors.phone_or_email');
    if (field === 'person_email' && /preferred contact method/.test(m)) return t('refer.errors.email_or_phone');
    if (/phone/.test(field) && /phone number/.test(m)) return t('refer.errors.phone_digits');
    if (/email/.test(field) && /e-mail address/.test(m)) return t('refer.errors.email_form');
    if (field === 'preferred_contact_method') return t(self ? 'refer.errors.method_you' : 'refer.errors.method_them');
    if (field === 'referrer_name') return t('refer.errors.referrer_name');
    if (field === 'referrer_type') return t(/partner/.test(m) ? 'refer.errors.partner' : 'refer.errors.who');
    if (field === 'consent') return t(self ? 'refer.errors.consent_you' : 'refer.errors.consent_them');
    var label = t('refer.labels.' + field);
    if (label === 'refer.labels.' + field) label = field;
    var max = /at most (\d+)/.exec(m);
    if (max) return t('refer.errors.max', { label: label, max: Number(max[1]).toLocaleString(language() + '-US') });
    return t('refer.errors.other', { label: label, message: m });
  }

  function controlsOf(field) {
    var el = form.elements[field];
    if (!el) return [];
    if (el.length !== undefined && el.tagName === undefined) return Array.prototype.slice.call(el);
    return [el];
  }

  function clearErrors() {
    var fields = form.querySelectorAll('.field--error');
    for (var i = 0; i < fields.length; i++) fields[i].classList.remove('field--error');
    var texts = form.querySelectorAll('.error-text');
    for (var j = 0; j < texts.length; j++) { texts[j].hidden = true; texts[j].textContent = ''; }
    var invalid = form.querySelectorAll('[aria-invalid]');
    for (var k = 0; k < invalid.length; k++) {
      invalid[k].removeAttribute('aria-invalid');
      describedBy(invalid[k], invalid[k].name + '-error', false);
    }
    var groups = form.querySelectorAll('fieldset[data-error]');
    for (var g = 0; g < groups.length; g++) { describedBy(groups[g], groups[g].getAttribute('data-error'), false); groups[g].removeAttribute('data-error'); }
    $('error-summary').hidden = true;
    $('error-list').textContent = '';
    $('form-problem').textContent = '';
    var message = $('form-message'); // the server's, after a form sent without this script
    if (message) message.hidden = true;
  }

  /** Shows each error beside its field and in the summary, then moves focus to the summary. */
  function showErrors(errors) {
    clearErrors();
    var list = $('error-list');
    var shown = 0;
    var seen = {};
    var other = [];
    errors.forEach(function (error) {
      var field = error.field;
      var controls = controlsOf(field);
      var container = $(field + '-field');
      if (!controls.length || !container || seen[field]) {
        if (!seen[field]) other.push(error);
        return;
      }
      seen[field] = true;
      var text = friendly(field, error.message);
      container.classList.add('field--error');
      var errorText = $(field + '-error');
      errorText.textContent = '';
      var prefix = document.createElement('span');
      prefix.className = 'visually-hidden';
      prefix.textContent = t('refer.error_prefix');
      errorText.appendChild(prefix);
      errorText.appendChild(document.createTextNode(text));
      errorText.hidden = false;
      controls.forEach(function (control) {
        control.setAttribute('aria-invalid', 'true');
        if (control.type !== 'radio') describedBy(control, field + '-error', true);
      });
      if (container.tagName === 'FIELDSET') { describedBy(container, field + '-error', true); container.setAttribute('data-error', field + '-error'); }
      var item = document.createElement('li');
      item.appendChild(errorLink(text, controls[0], container, '#' + (controls[0].id || field + '-field')));
      list.appendChild(item);
      shown++;
    });
    if (other.length) {
      $('form-problem').textContent = other.map(function (e) {
        return e.field === 'group_id' ? t('refer.errors.closed_group') : friendly(e.field, e.message);
      }).join(' ');
    }
    if (shown) {
      $('error-count').textContent = t('refer.answers', { count: shown });
      var summary = $('error-summary');
      summary.hidden = false;
      summary.focus();
    }
  }

  /** The checks that need no server: what is required. Formats are the API's to judge. */
  function check() {
    var errors = [];
    if (!isSelf() && !value('referrer_name')) errors.push({ field: 'referrer_name', message: 'is required' });
    if (!value('person_name')) errors.push({ field: 'person_name', message: 'is required' });
    var phone = value('person_phone'), email = value('person_email'), method = value('preferred_contact_method');
    if (!phone && !email) errors.push({ field: 'person_phone', message: 'or person_email is required' });
    else if ((method === 'phone' || method === 'text') && !phone) errors.push({ field: 'person_phone', message: 'is required when the preferred contact method is ' + method });
    else if (method === 'email' && !email) errors.push({ field: 'person_email', message: 'is required when the preferred contact method is email' });
    if (!method) errors.push({ field: 'preferred_contact_method', message: 'is required' });
    if (!$('consent').checked) errors.push({ field: 'consent', message: 'must be true' });
    return errors;
  }

  // ---- Sending ------------------------------------------------------------

  function payload() {
    var body = {
      group_id: state.groupId,
      referrer_type: referrerType(),
      preferred_contact_method: value('preferred_contact_method'),
      language: $('language').value,
      consent: $('consent').checked,
      consent_version: form.elements.consent_version.value,
      urgent: $('urgent').checked,
      website: form.elements.website.value
    };
    if (!body.preferred_contact_method) delete body.preferred_contact_method;
    TEXT_FIELDS.forEach(function (name) {
      if (isSelf() && name.indexOf('referrer_') === 0) return;
      var v = value(name);
      if (v) body[name] = v;
    });
    return body;
  }

  function setSending(on) {
    state.sending = on;
    var button = $('submit-button');
    button.setAttribute('aria-disabled', on ? 'true' : 'false');
    button.textContent = t(on ? 'refer.sending' : 'refer.send');
    $('sending').textContent = on ? t('refer.sending_status') : '';
  }

  function problem(text) {
    $('form-problem').textContent = text;
  }

  function submit(event) {
    event.preventDefault();
    if (state.sending) return;
    var errors = check();
    if (errors.length) { showErrors(errors); return; }
    clearErrors();
    var body = JSON.stringify(payload());
    if (!state.attempt || state.attempt.body !== body) state.attempt = { body: body, key: newKey() };
    setSending(true);
    api('POST', '/api/v1/referrals', { text: body, contentType: 'application/json', key: state.attempt.key }).then(function (result) {
      setSending(false);
      var status = result.status;
      var data = result.data || {};
      if ((status === 201 || status === 200) && data.status_url) {
        // The confirmation is the status page's, as after the form sent without JavaScript.
        setSending(true);
        window.location.assign(page(data.status_url) + '?done=sent');
      } else if (status === 202) {
        problem(t('refer.done_next'));
      } else if (status === 422 && data.errors && data.errors.length) {
        if (data.errors.some(function (e) { return e.field === 'Idempotency-Key'; })) {
          state.attempt = null;
          problem(t('refer.changed'));
        } else {
          showErrors(data.errors);
        }
      } else if (status === 429) {
        // In seconds under a minute, else in minutes rounded up: the words the page without scripts uses.
        var wait = Math.max(1, parseInt(result.retryAfter || '60', 10) || 60);
        problem(wait < 60 ? t('refer.too_many_seconds', { count: wait }) : t('refer.too_many', { count: Math.ceil(wait / 60) }));
      } else if (status === 0) {
        problem(t('refer.offline'));
      } else {
        problem(t('refer.server_error', { status: status }));
      }
    });
  }

  // ---- Wiring -------------------------------------------------------------

  form.addEventListener('submit', submit);
  form.addEventListener('change', function (event) {
    if (event.target.name === 'referrer_type') updateWho();
    if (event.target.id === 'urgent') updateUrgent();
  });
  // Without this script the helper's section is always there; with it, only for someone else.
  $('referrer-legend').textContent = t('refer.about_you');
  updateWho();
  var summary = $('error-summary');
  if (!summary.hidden) summary.focus();
})();
