/*
 * Circles console — what every page of /admin/ shares: the session, API calls with the
 * X-CSRF-Token header, form errors, dates and words, on top of the helpers of /js/lib.js
 * (building elements without innerHTML, calls, idempotency keys, error text).
 *
 * Every page script imports it (`import Console from '/admin/console.js'`) and calls
 * `Console.start()`, which resolves with the session (or sends the browser to the sign-in page)
 * once the words of every vocabulary are loaded too (`Console.words`, from /js/vocabulary.js),
 * then draws itself with `Console.el`.
 */
import { $, announce, api as call, append, clear, el, errorLink, newKey, problemText } from '/js/lib.js';
import Vocabulary from '/js/vocabulary.js';

const Console = (function () {
  'use strict';

  var session = null;
  var organization = null;
  /** The vocabularies with their labels by code ({referral_status: {…}, group_format: {…}, …}), once started. */
  var words = null;

  function signInAddress() {
    return '/admin/?next=' + encodeURIComponent(window.location.pathname + window.location.search);
  }

  /**
   * Calls the API as the signed-in user (`lib.js` `api`, with the session cookie): writes carry
   * X-CSRF-Token, and a 401 sends the browser to the sign-in page unless `allow401`.
   */
  function api(method, path, options) {
    options = options || {};
    var headers = Object.assign({}, options.headers);
    if (method !== 'GET' && session && session.csrf_token) headers['X-CSRF-Token'] = session.csrf_token;
    return call(method, path, Object.assign({}, options, { headers: headers, credentials: 'same-origin', cache: 'no-store' })).then(function (result) {
      if (result.status === 401 && !options.allow401) {
        window.location.assign(signInAddress());
        return new Promise(function () {}); // the page is going away
      }
      return result;
    });
  }

  // ---- Session and page chrome -------------------------------------------------

  /** Resolves with {user, csrf_token, organization} or sends the browser to the sign-in page. */
  function start() {
    return Promise.all([api('GET', '/api/v1/auth/session'), Vocabulary.load()]).then(function (loaded) {
      var result = loaded[0];
      if (!result.ok) throw new Error('session ' + result.status);
      session = result.data;
      words = loaded[1];
      return chooseOrganization();
    }).then(function (org) {
      organization = org;
      drawChrome();
      var loading = $('page-loading');
      if (loading) loading.hidden = true;
      var content = $('page-content');
      if (content) content.hidden = false;
      return { user: session.user, csrf_token: session.csrf_token, organization: organization };
    }).catch(function () {
      var loading = $('page-loading');
      if (loading) loading.textContent = 'The console could not load. Reload the page to try again.';
      throw new Error('console did not start');
    });
  }

  /** A coordinator's own organization; an administrator picks one (remembered in this browser). */
  function chooseOrganization() {
    var user = session.user;
    if (user.organization_id) {
      return api('GET', '/api/v1/organizations/' + user.organization_id).then(function (r) {
        return r.ok ? r.data : { id: user.organization_id, name: 'Your organization', slug: '' };
      });
    }
    return api('GET', '/api/v1/organizations?limit=100').then(function (r) {
      var all = (r.data && r.data.data) || [];
      session.organizations = all;
      var wanted = Number(window.localStorage.getItem('circles.console.organization'));
      return all.filter(function (o) { return o.id === wanted; })[0] || all[0] || null;
    });
  }

  function drawChrome() {
    var who = $('console-who');
    if (who) {
      clear(who);
      var user = session.user;
      if (session.organizations && session.organizations.length) {
        var select = el('select', { id: 'console-org', 'aria-label': 'Organization', on: { change: function () {
          window.localStorage.setItem('circles.console.organization', this.value);
          window.location.reload();
        } } }, session.organizations.map(function (o) {
          return el('option', { value: String(o.id), selected: organization && o.id === organization.id }, o.name);
        }));
        who.appendChild(select);
      } else if (organization) {
        who.appendChild(el('span', { class: 'console-org' }, organization.name));
      }
      who.appendChild(el('span', {}, user.display_name || user.email));
      who.appendChild(el('button', { class: 'button button--secondary button--small', type: 'button', id: 'sign-out', on: { click: signOut } }, 'Sign out'));
    }
    var entries = document.querySelectorAll('.console-nav li');
    for (var e = 0; e < entries.length; e++) {
      var roles = entries[e].getAttribute('data-roles');
      entries[e].hidden = roles ? roles.split(' ').indexOf(session.user.role) < 0 : session.user.role === 'partner';
    }
    var brand = document.querySelector('.console-header .brand');
    if (brand && session.user.role === 'partner') brand.setAttribute('href', '/admin/sent.html');
    var here = window.location.pathname;
    var current = document.body.getAttribute('data-nav');
    var links = document.querySelectorAll('.console-nav a');
    for (var i = 0; i < links.length; i++) {
      var path = links[i].getAttribute('href');
      if (path === here || (current && path.indexOf(current) >= 0)) links[i].setAttribute('aria-current', 'page');
    }
  }

  function signOut() {
    api('POST', '/api/v1/auth/logout', { allow401: true }).then(function () {
      session = null;
      window.location.assign('/admin/?signed_out=1');
    });
  }

  // ---- Forms -------------------------------------------------------------------

  /** The control for an API field name inside a form: [name=field], or [data-field=field]. */
  function controlFor(form, field) {
    var root = field.replace(/\[\d+\].*$/, '');
    var exact = form.querySelector('[data-field="' + field + '"]') || form.querySelector('[name="' + field + '"]');
    return exact || form.querySelector('[name="' + root + '"]') || form.querySelector('[data-field="' + root + '"]');
  }

  function clearErrors(form) {
    var marked = form.querySelectorAll('.field--error');
    for (var i = 0; i < marked.length; i++) marked[i].classList.remove('field--error');
    var texts = form.querySelectorAll('.error-text[data-generated]');
    for (var j = 0; j < texts.length; j++) texts[j].parentNode.removeChild(texts[j]);
    var invalid = form.querySelectorAll('[aria-invalid]');
    for (var k = 0; k < invalid.length; k++) {
      invalid[k].removeAttribute('aria-invalid');
      var ids = (invalid[k].getAttribute('aria-describedby') || '').split(/\s+/).filter(function (id) { return id && !/-error$/.test(id); });
      if (ids.length) invalid[k].setAttribute('aria-describedby', ids.join(' ')); else invalid[k].removeAttribute('aria-describedby');
    }
    var summary = form.querySelector('.error-summary');
    if (summary) summary.hidden = true;
    var problem = form.querySelector('.form-problem');
    if (problem) problem.textContent = '';
  }

  function labelOf(control, field) {
    var container = control.closest('.field');
    var label = container && container.querySelector('label, legend');
    var text = label ? label.textContent.replace(/\(optional\)/, '').trim() : field.replace(/_/g, ' ');
    return text;
  }

  function sentence(label, message) {
    var m = String(message || '');
    if (/^is required$|^must not be empty$/.test(m)) return label + ' is required';
    return label + ': ' + m;
  }

  /**
   * Shows a failed answer on a form: each field's error beside it, a summary of links that
   * takes focus, and anything not about a field in the form's alert line.
   */
  function showErrors(form, result) {
    clearErrors(form);
    var errors = (result.data && result.data.errors) || [];
    var summary = form.querySelector('.error-summary');
    var list = summary && summary.querySelector('ul');
    if (list) clear(list);
    var shown = 0;
    var rest = [];
    errors.forEach(function (error) {
      var control = controlFor(form, error.field);
      var container = control && control.closest('.field');
      if (!control || !container) { rest.push(error.field + ' ' + error.message); return; }
      var text = sentence(labelOf(control, error.field), error.message);
      var id = (control.id || error.field.replace(/\W/g, '-')) + '-error';
      if (!document.getElementById(id)) {
        var p = el('p', { class: 'error-text', id: id, 'data-generated': 'true' }, el('span', { class: 'visually-hidden' }, 'Error: '), text);
        var anchor = container.querySelector('input, select, textarea, .choices');
        if (anchor && anchor.parentNode === container) container.insertBefore(p, anchor); else container.appendChild(p);
      }
      container.classList.add('field--error');
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [id].concat((control.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean)).join(' '));
      if (list) list.appendChild(el('li', {}, errorLink(text, control, container)));
      shown++;
    });
    var problem = form.querySelector('.form-problem');
    if (!errors.length || rest.length) {
      var text = rest.length ? 'Please check: ' + rest.join('; ') + '.' : problemText(result);
      if (problem) problem.textContent = text; else announce(text);
    }
    if (shown && summary) {
      summary.hidden = false;
      summary.focus();
    } else if (problem && problem.textContent) {
      problem.setAttribute('tabindex', '-1');
      problem.focus();
    }
  }

  /** The standard error summary and alert line a console form starts with. */
  function errorSummary() {
    return [
      el('div', { class: 'error-summary', tabindex: '-1', role: 'group', 'aria-label': 'Problems with this form', hidden: true },
        el('h2', {}, 'Please check these answers'), el('ul', {})),
      el('p', { class: 'form-problem', role: 'alert' })
    ];
  }

  var fieldCount = 0;

  /** A labelled field: {name, label, type, hint, value, required, options:[[value,text]], rows, attrs}. */
  function field(spec) {
    var id = spec.id || 'f-' + spec.name.replace(/\W/g, '-') + (spec.unique ? '-' + (++fieldCount) : '');
    var hintId = spec.hint ? id + '-hint' : null;
    var control;
    var common = Object.assign({ id: id, name: spec.name, 'aria-describedby': hintId }, spec.attrs || {});
    if (spec.type === 'select') {
      control = el('select', common, (spec.options || []).map(function (o) {
        return el('option', { value: o[0], selected: String(spec.value) === String(o[0]) }, o[1]);
      }));
    } else if (spec.type === 'textarea') {
      control = el('textarea', Object.assign({ rows: spec.rows || 4 }, common));
      control.value = spec.value || '';
    } else if (spec.type === 'checkbox') {
      control = el('input', Object.assign({ type: 'checkbox', checked: Boolean(spec.value) }, common));
      return el('div', { class: 'field' }, el('div', { class: 'choice choice--box' }, control, el('label', { for: id }, spec.label)),
        spec.hint ? el('p', { class: 'hint', id: hintId }, spec.hint) : null);
    } else {
      control = el('input', Object.assign({ type: spec.type || 'text' }, common));
      control.value = spec.value === undefined || spec.value === null ? '' : String(spec.value);
    }
    if (spec.required) control.setAttribute('aria-required', 'true');
    return el('div', { class: 'field' + (spec.wide ? ' field--wide' : '') },
      el('label', { for: id }, spec.label, spec.required ? null : el('span', { class: 'optional' }, ' (optional)')),
      spec.hint ? el('p', { class: 'hint', id: hintId }, spec.hint) : null,
      control);
  }

  /** A fieldset of checkboxes: {name, legend, options:[[value,text]], values:[…], hint}. */
  function checkboxes(spec) {
    var hintId = spec.hint ? 'f-' + spec.name + '-hint' : null;
    var values = (spec.values || []).map(String);
    return el('fieldset', { class: 'field', 'aria-describedby': hintId },
      el('legend', { class: 'legend' }, spec.legend, spec.required ? null : el('span', { class: 'optional' }, ' (optional)')),
      spec.hint ? el('p', { class: 'hint', id: hintId }, spec.hint) : null,
      el('div', { class: 'choices choices--inline choices--compact' }, spec.options.map(function (o, i) {
        return el('label', { class: 'choice' },
          el('input', { type: 'checkbox', name: spec.name, value: o[0], id: 'f-' + spec.name + '-' + i, checked: values.indexOf(String(o[0])) >= 0 }), ' ', o[1]);
      })));
  }

  function checkedValues(form, name) {
    return Array.prototype.filter.call(form.querySelectorAll('input[name="' + name + '"]'), function (i) { return i.checked; })
      .map(function (i) { return i.value; });
  }

  function text(form, name) {
    var control = form.elements[name];
    return control ? String(control.value || '').trim() : '';
  }

  /** Comma- or line-separated words as a list. */
  function list(value) {
    return String(value || '').split(/[,\n]/).map(function (s) { return s.trim(); }).filter(Boolean);
  }

  /** Prevents a second submit while one is on its way; returns a function that ends the busy state. */
  function busy(button, label) {
    if (button.getAttribute('aria-disabled') === 'true') return null;
    var original = button.textContent;
    button.setAttribute('aria-disabled', 'true');
    button.textContent = label || 'Saving…';
    return function () { button.setAttribute('aria-disabled', 'false'); button.textContent = original; };
  }

  // ---- Words and dates --------------------------------------------------------

  /**
   * A language code in words ("Spanish (español)"), as /js/vocabulary.json names it; a page language
   * the list lacks by its own name (its catalogue's, `page_language`).
   */
  function language(code) { return (words && (words.language[code] || words.page_language[code])) || code; }

  /** An IANA time zone in words ("Mountain time (Denver)"); the identifier's city for one the list lacks. */
  function zone(id) {
    if (words && words.time_zone[id]) return words.time_zone[id];
    return String(id || '').split('/').pop().replace(/_/g, ' ') + ' time';
  }

  /**
   * The options [[code, words]] of codes the console names in words (`language`, `time_zone`, `state`
   * of /js/vocabulary.json), with `own` codes of a record that the list lacks kept at the end.
   */
  function named(vocabulary, own) {
    var table = words[vocabulary];
    var codes = Object.keys(table);
    return codes.concat((own || []).filter(function (c) { return c && codes.indexOf(c) < 0; })).map(function (c) {
      return [c, table[c] || (vocabulary === 'time_zone' ? zone(c) : c)];
    });
  }

  /** "18:30" as "6:30 pm" (a wall-clock time, no zone). */
  function clock(hhmm) {
    var p = String(hhmm || '').split(':').map(Number);
    if (p.length < 2 || isNaN(p[0]) || isNaN(p[1])) return hhmm;
    var h = p[0] % 12 === 0 ? 12 : p[0] % 12;
    return h + ':' + (p[1] < 10 ? '0' : '') + p[1] + '\u00a0' + (p[0] < 12 ? 'am' : 'pm');
  }

  /** "2026-12-05" as "Saturday, December 5, 2026" (a local date: no time zone shift). */
  function day(text) {
    var p = String(text).split('-').map(Number);
    var date = new Date(p[0], p[1] - 1, p[2]);
    return isNaN(date.getTime()) ? text : date.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });
  }

  function when(iso) {
    if (!iso) return '';
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  }

  function age(iso) {
    var ms = Date.now() - new Date(iso).getTime();
    if (isNaN(ms)) return '';
    var minutes = Math.max(0, Math.round(ms / 60000));
    if (minutes < 1) return 'just now';
    if (minutes < 60) return minutes + (minutes === 1 ? ' minute ago' : ' minutes ago');
    var hours = Math.round(minutes / 60);
    if (hours < 48) return hours + (hours === 1 ? ' hour ago' : ' hours ago');
    var days = Math.round(hours / 24);
    return days + ' days ago';
  }

  function time(iso, textValue) {
    return el('time', { datetime: iso, title: when(iso) }, textValue || when(iso));
  }

  function badge(status) {
    return el('span', { class: 'badge badge--' + status }, words.referral_status[status] || status);
  }

  /** Copies an input's value; says so in `result`. */
  function copy(input, result) {
    function fallback() {
      input.focus();
      input.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      result.textContent = ok ? 'Copied.' : 'Selected: copy it with your device’s copy command.';
    }
    result.textContent = '';
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(input.value).then(function () { result.textContent = 'Copied.'; }, fallback);
    } else fallback();
  }

  /** A box that shows a secret once, with a copy button. */
  function secretBox(title, label, secret, advice) {
    var input = el('input', { type: 'text', id: 'secret-value', readonly: true, value: secret, 'aria-describedby': 'secret-advice',
      on: { focus: function () { this.select(); } } });
    var result = el('p', { class: 'small', role: 'status', id: 'secret-copied' });
    var box = el('section', { class: 'secret-box', 'aria-labelledby': 'secret-title' },
      el('h3', { id: 'secret-title', tabindex: '-1' }, title),
      el('p', { id: 'secret-advice' }, advice),
      el('label', { for: 'secret-value' }, label),
      el('div', { class: 'copy-row' }, input,
        el('button', { class: 'button button--secondary', type: 'button', id: 'secret-copy', on: { click: function () { copy(input, result); } } }, 'Copy')),
      result);
    return box;
  }

  function query(name) { return new URLSearchParams(window.location.search).get(name); }

  return {
    $: $, el: el, clear: clear, append: append, api: api, start: start, announce: announce, newKey: newKey,
    problemText: problemText, showErrors: showErrors, clearErrors: clearErrors, errorSummary: errorSummary,
    field: field, checkboxes: checkboxes, checkedValues: checkedValues, text: text, list: list, busy: busy,
    when: when, age: age, time: time, badge: badge, copy: copy, secretBox: secretBox, query: query,
    language: language, zone: zone, clock: clock, day: day, named: named, choices: Vocabulary.choices,
    get words() { return words; },
    get session() { return session; }, get organization() { return organization; }
  };
})();

export default Console;
