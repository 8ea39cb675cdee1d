/*
 * Circles — the "ask to join" form (/refer?group=<slug>).
 *
 * Sends POST /api/v1/referrals as JSON, without cookies (it is the person's own request, never a
 * signed-in coordinator's). One Idempotency-Key per attempt: a double click or a retry of the same
 * answers reuses it, so the referral is created once; changed answers get a new key.
 * Errors are shown next to each field and in a summary that takes focus; nothing typed is lost.
 */
import { $, announce, api, describedBy, errorLink, language, newKey, page, t } from '/js/lib.js';

(function () {
  'use strict';

  var CONSENT_VERSION = '2026-11';

  var TEXT_FIELDS = ['person_name', 'person_phone', 'person_email', 'preferred_times', 'note',
    'referrer_name', 'referrer_organization', 'referrer_phone', 'referrer_email'];

  var form = $('refer-form');
  var state = { group: null, slug: '', sending: false, attempt: null };

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
  function orgName() { return state.group ? state.group.organization.name : t('refer.the_org'); }

  // ---- The group ----------------------------------------------------------

  function showMissing() {
    $('group-loading').hidden = true;
    $('group-missing').hidden = false;
  }

  function loadGroup() {
    var slug = new URLSearchParams(window.location.search).get('group') || '';
    state.slug = slug;
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) { showMissing(); return; }
    api('GET', '/api/v1/groups/by-slug/' + encodeURIComponent(slug)).then(function (result) {
      if (!result.ok || !result.data) {
        showMissing();
        $('group-missing-title').textContent = t('refer.load_failed');
        return;
      }
      var group = result.data;
      if (group.status === 'archived') { showMissing(); return; }
      showGroup(group);
      var saved = readSaved();
      if (saved) showDone(saved, false);
    });
  }

  function showGroup(group) {
    state.group = group;
    document.title = t('refer.title', { group: group.name });
    setText($('page-title'), t('refer.heading', { group: group.name }));
    var link = $('group-link');
    link.textContent = group.name;
    link.href = page('/groups/' + group.slug);
    $('done-group-link').href = link.href;
    $('done-group-link').textContent = t('refer.back_to', { group: group.name });
    setText($('group-org'), t('refer.run_by', { organization: group.organization.name }));
    var when = [];
    var next = group.next_meeting;
    if (next) when.push(t(next.happening_now ? 'refer.happening_now' : 'refer.next', { when: next.summary }));
    // A changed meeting says where it now is, and the coordinator's note, beside its time.
    var moved = next && next.status === 'moved';
    var place = moved && next.location ? next.location : group.location;
    if (group.format === 'online') when.push(t('refer.online'));
    else if (group.format === 'phone') when.push(t('refer.by_phone'));
    else if (place && place.city) when.push(place.name + (place.address ? ', ' + place.address : '') + ', ' + place.city);
    setText($('group-when'), when.join(' · '));
    setText($('group-change'), moved ? (next.note ? t('refer.changed_note', { note: next.note }) : t('refer.changed')) : '');
    $('group-change').hidden = !moved;
    setText('.js-org-name', group.organization.name);
    $('group-paused').hidden = group.status !== 'paused';
    $('group-full').hidden = !group.full;
    fillLanguages(group.languages || []);
    updateWho();
    $('group-loading').hidden = true;
    $('group-found').hidden = false;
  }

  function fillLanguages(groupLanguages) {
    var select = $('language');
    var codes = [];
    groupLanguages.concat(['en', 'es']).forEach(function (code) { if (codes.indexOf(code) < 0) codes.push(code); });
    select.textContent = '';
    codes.forEach(function (code) {
      var option = document.createElement('option');
      option.value = code;
      var label = t('languages.' + code + '.option');
      option.textContent = label === 'languages.' + code + '.option' ? code : label;
      select.appendChild(option);
    });
    // The page's language when the group meets in it; else English when it does; else the group's first.
    var mine = language();
    select.value = groupLanguages.indexOf(mine) >= 0 ? mine : groupLanguages.indexOf('en') >= 0 ? 'en' : codes[0];
  }

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
    if (!state.crisisReturned) $('crisis-panel').hidden = !urgent;
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
      group_id: state.group.id,
      referrer_type: referrerType(),
      preferred_contact_method: value('preferred_contact_method'),
      language: $('language').value,
      consent: $('consent').checked,
      consent_version: CONSENT_VERSION,
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
    if (state.sending || !state.group) return;
    var errors = check();
    if (errors.length) { showErrors(errors); return; }
    clearErrors();
    var body = JSON.stringify(payload());
    if (!state.attempt || state.attempt.body !== body) state.attempt = { body: body, key: newKey() };
    var method = value('preferred_contact_method');
    setSending(true);
    api('POST', '/api/v1/referrals', { text: body, contentType: 'application/json', key: state.attempt.key }).then(function (result) {
      setSending(false);
      var status = result.status;
      var data = result.data || {};
      if (status === 201 || status === 200 || status === 202) {
        var done = { status_url: data.status_url || '', what_happens_next: data.what_happens_next || '', crisis_guidance: data.crisis_guidance || null, method: method, group_full_warning: data.group_full_warning || '' };
        save(done);
        showDone(done, true);
      } else if (status === 422 && data.errors && data.errors.length) {
        if (data.errors.some(function (e) { return e.field === 'Idempotency-Key'; })) {
          state.attempt = null;
          problem(t('refer.changed'));
        } else {
          showErrors(data.errors);
        }
      } else if (status === 429) {
        var wait = parseInt(result.retryAfter || '60', 10);
        var minutes = Math.max(1, Math.ceil(wait / 60));
        problem(t('refer.too_many', { count: minutes }));
      } else if (status === 0) {
        problem(t('refer.offline'));
      } else {
        problem(t('refer.server_error', { status: status }));
      }
    });
  }

  // ---- After sending ------------------------------------------------------

  function storageKey() { return 'circles.referral.' + state.slug; }

  function save(done) {
    try { window.sessionStorage.setItem(storageKey(), JSON.stringify(done)); } catch (e) { /* private mode: fine */ }
  }

  function readSaved() {
    try { return JSON.parse(window.sessionStorage.getItem(storageKey()) || 'null'); } catch (e) { return null; }
  }

  function showDone(done, justSent) {
    var url = done.status_url ? window.location.origin + page(done.status_url) : '';
    $('form-view').hidden = true;
    $('done-view').hidden = false;
    document.title = t('refer.sent_title');
    setText($('done-next'), done.what_happens_next || t('refer.done_next'));
    setText($('done-method'), done.method ? t('refer.method.' + done.method) : t('refer.the_way'));
    setText($('done-full'), done.group_full_warning || '');
    $('done-full').hidden = !done.group_full_warning;
    $('status-url').value = url;
    $('status-open').href = done.status_url || '/';
    $('status-open').parentNode.hidden = !url;
    $('status-url').closest('.status-link').hidden = !url;
    var guidance = done.crisis_guidance;
    if (guidance) {
      state.crisisReturned = true;
      if (guidance.message) setText($('crisis-panel-message'), guidance.message);
      setText($('crisis-panel-note'), [guidance.call988 || guidance.call_988, guidance.call911 || guidance.call_911, guidance.note].filter(Boolean).join(' '));
      $('crisis-panel').hidden = false;
    } else {
      $('crisis-panel').hidden = true;
    }
    if (justSent) {
      window.scrollTo(0, 0);
      (guidance ? $('crisis-panel-title') : $('done-title')).focus();
    }
  }

  function copyLink() {
    var input = $('status-url');
    var result = $('copy-result');
    function fallback() {
      input.focus();
      input.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      result.textContent = t(ok ? 'refer.copied' : 'refer.copy_fallback');
    }
    result.textContent = '';
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { result.textContent = t('refer.copied'); }, fallback);
    } else {
      fallback();
    }
  }

  function sendAnother() {
    try { window.sessionStorage.removeItem(storageKey()); } catch (e) { /* ignore */ }
    form.reset();
    state.attempt = null;
    state.crisisReturned = false;
    clearErrors();
    updateWho();
    updateUrgent();
    $('done-view').hidden = true;
    $('form-view').hidden = false;
    if (state.group) document.title = t('refer.title', { group: state.group.name });
    $('page-title').setAttribute('tabindex', '-1');
    $('page-title').focus();
  }

  // ---- Wiring -------------------------------------------------------------

  form.addEventListener('submit', submit);
  form.addEventListener('change', function (event) {
    if (event.target.name === 'referrer_type') updateWho();
    if (event.target.id === 'urgent') updateUrgent();
  });
  $('copy-button').addEventListener('click', copyLink);
  $('status-url').addEventListener('focus', function () { this.select(); });
  $('send-another').addEventListener('click', sendAnother);
  loadGroup();
})();
