/*
 * Circles — the private status page of a request (/referrals/status/<token>).
 *
 * Reads GET /api/v1/referral-status/<token> (never personal data) and offers to withdraw
 * with POST …/withdraw after a confirmation. No cookies are sent: the link is the only key.
 */
import { $, api as request, t, page } from '/js/lib.js';
import Vocabulary from '/js/vocabulary.js';

(function () {
  'use strict';

  /** Each status in plain words: a headline and what it means for the person. */
  var WORDS = {
    new: [t('status.words.new.title'), t('status.words.new.explain')],
    contacted: [t('status.words.contacted.title'), t('status.words.contacted.explain')],
    enrolled: [t('status.words.enrolled.title'), t('status.words.enrolled.explain')],
    declined: [t('status.words.declined.title'), t('status.words.declined.explain')],
    unreachable: [t('status.words.unreachable.title'), t('status.words.unreachable.explain')],
    withdrawn: [t('status.words.withdrawn.title'), t('status.words.withdrawn.explain')],
    waitlisted: [t('status.words.waitlisted.title'), t('status.words.waitlisted.explain')],
    attended: [t('status.words.attended.title'), t('status.words.attended.explain')],
    not_for_me: [t('status.words.not_for_me.title'), t('status.words.not_for_me.explain')],
    closed: [t('status.words.closed.title'), t('status.words.closed.explain')]
  };
  /** Each status in the history, as the person reads it (from /js/vocabulary.json; the codes if it cannot load). */
  var SHORT = {};

  var token = decodeURIComponent(window.location.pathname.replace(/^(\/[a-z]{2})?\/referrals\/status\//, '').replace(/\/$/, ''));
  var api = '/api/v1/referral-status/' + encodeURIComponent(token);
  var busy = false;

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleString(document.documentElement.lang + '-US', { weekday: 'short', month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
  }

  function invalid(title, text) {
    $('loading').hidden = true;
    $('status-view').hidden = true;
    $('invalid').hidden = false;
    if (title) $('invalid-title').textContent = title;
    if (text) $('invalid-text').textContent = text;
  }

  function render(view) {
    var words = WORDS[view.status] || [view.status, ''];
    $('loading').hidden = true;
    $('invalid').hidden = true;
    $('status-view').hidden = false;
    var link = $('group-link');
    link.textContent = view.group.name;
    link.href = page('/groups/' + view.group.slug);
    document.title = words[0] + ' — Circles';
    $('status-word').textContent = words[0];
    $('status-word').setAttribute('data-status', view.status);
    $('status-explain').textContent = words[1];
    var last = view.history.length ? view.history[view.history.length - 1].at : view.created_at;
    $('status-since').textContent = t('status.last_change', { when: when(last) });

    var list = $('history');
    list.textContent = '';
    var steps = view.history.length ? view.history : [{ status: 'new', at: view.created_at }];
    steps.forEach(function (step) {
      var item = document.createElement('li');
      var what = document.createElement('span');
      what.className = 'what';
      what.textContent = SHORT[step.status] || step.status;
      var time = document.createElement('time');
      time.dateTime = step.at;
      time.textContent = when(step.at);
      item.appendChild(what);
      item.appendChild(time);
      list.appendChild(item);
    });
    $('withdraw-section').hidden = !view.can_withdraw;
    $('report-attended').hidden = !view.can_report_attended;
    $('report-not-for-me').hidden = !view.can_report_not_for_me;
    $('report-section').hidden = !view.can_report_attended && !view.can_report_not_for_me;
    closeConfirm(false);
  }

  /** The language switch of this page keeps the person on this status page, token and all. */
  function keepSwitchHere() {
    var here = window.location.pathname.replace(/^\/[a-z]{2}\//, '/');
    Array.prototype.forEach.call(document.querySelectorAll('.language-switch a'), function (link) {
      link.href = link.pathname + '?to=' + encodeURIComponent(here);
    });
  }

  function load() {
    keepSwitchHere();
    if (!/^[A-Za-z0-9]{16,64}$/.test(token)) { invalid(); return Promise.resolve(); }
    var words = Vocabulary.load().catch(function () { return null; });
    return Promise.all([request('GET', api, { cache: 'no-store' }), words]).then(function (loaded) {
      var result = loaded[0];
      if (result.status === 404) { invalid(); return; }
      if (!result.ok || !result.data) {
        invalid(t('status.load_failed'), t('status.load_failed_text'));
        return;
      }
      if (loaded[1]) SHORT = loaded[1].referral_status_for_person;
      render(result.data);
    });
  }

  function openConfirm() {
    $('withdraw-confirm').hidden = false;
    $('withdraw-button').setAttribute('aria-expanded', 'true');
    $('confirm-title').focus();
  }

  function closeConfirm(returnFocus) {
    $('withdraw-confirm').hidden = true;
    $('withdraw-button').setAttribute('aria-expanded', 'false');
    if (returnFocus) $('withdraw-button').focus();
  }

  function withdraw() {
    if (busy) return;
    busy = true;
    $('withdraw-problem').textContent = '';
    $('withdraw-yes').setAttribute('aria-disabled', 'true');
    request('POST', api + '/withdraw').then(function (response) {
      busy = false;
      $('withdraw-yes').setAttribute('aria-disabled', 'false');
      if (response.status === 0) {
        $('withdraw-problem').textContent = t('status.unreachable');
        return null;
      }
      if (response.ok) {
        return load().then(function () {
          $('result').textContent = t('status.withdrawn');
          $('page-title').setAttribute('tabindex', '-1');
          $('page-title').focus();
        });
      }
      if (response.status === 409) {
        $('withdraw-problem').textContent = t('status.finished');
        return load();
      }
      if (response.status === 429) {
        $('withdraw-problem').textContent = t('status.too_many');
        return null;
      }
      $('withdraw-problem').textContent = t('status.error', { status: response.status });
      return null;
    });
  }

  /** "I went" or "not for me": one request, then the page shows the new status and says so. */
  function report(step, done) {
    if (busy) return;
    busy = true;
    $('report-problem').textContent = '';
    request('POST', api + '/' + step).then(function (response) {
      busy = false;
      if (response.status === 0) {
        $('report-problem').textContent = t('status.unreachable');
        return null;
      }
      if (response.ok) {
        return load().then(function () {
          $('result').textContent = done;
          $('page-title').setAttribute('tabindex', '-1');
          $('page-title').focus();
        });
      }
      $('report-problem').textContent = response.status === 429 ? t('status.too_many')
        : response.status === 409 ? t('status.moved_on')
        : t('status.error', { status: response.status });
      return response.status === 409 ? load() : null;
    });
  }

  $('report-attended').addEventListener('click', function () { report('attended', t('status.thanks_went')); });
  $('report-not-for-me').addEventListener('click', function () { report('not-for-me', t('status.thanks_not_for_me')); });
  $('withdraw-button').addEventListener('click', openConfirm);
  $('withdraw-no').addEventListener('click', function () { closeConfirm(true); });
  $('withdraw-yes').addEventListener('click', withdraw);
  $('withdraw-confirm').addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeConfirm(true);
  });
  load();
})();
