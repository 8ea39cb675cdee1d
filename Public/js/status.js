/*
 * Circles — the private status page of a request (/referrals/status/<token>).
 *
 * Reads GET /api/v1/referral-status/<token> (never personal data) and offers to withdraw
 * with POST …/withdraw after a confirmation. No cookies are sent: the link is the only key.
 */
import { $, api as request } from '/js/lib.js';
import Vocabulary from '/js/vocabulary.js';

(function () {
  'use strict';

  /** Each status in plain words: a headline and what it means for the person. */
  var WORDS = {
    new: ['Sent — waiting for the group to get in touch', 'The organization that runs the group has your request. Someone should contact you soon, usually within a few days.'],
    contacted: ['The group has been in touch', 'Someone from the organization has contacted you. If you missed them, you can also reach out to them: their details are on the group’s page.'],
    enrolled: ['You’ve joined the group', 'Welcome! The group is expecting you. The group’s page shows when and where it meets.'],
    declined: ['Not going ahead', 'This request won’t go further. You are welcome to look for another group that fits better.'],
    unreachable: ['The group couldn’t reach you', 'They tried the contact details you gave but couldn’t get through. You can contact them yourself using the details on the group’s page, or send a new request with other details.'],
    withdrawn: ['Withdrawn', 'You withdrew this request. The organization will not contact you about it.'],
    waitlisted: ['On the waiting list', 'The group is full right now. The organization will contact you when a place opens up; you can also look for a group with open seats.'],
    attended: ['You went to a meeting', 'Thank you for letting the group know. We hope it helped; you are welcome back any time.'],
    not_for_me: ['Not for you', 'You told the group this is not for you. That is fine: there may be another group that fits better.'],
    closed: ['Closed', 'This request is finished. You can send a new one from any group’s page.']
  };
  /** Each status in the history, as the person reads it (from /js/vocabulary.json; the codes if it cannot load). */
  var SHORT = {};

  var token = decodeURIComponent(window.location.pathname.replace(/^\/referrals\/status\//, '').replace(/\/$/, ''));
  var api = '/api/v1/referral-status/' + encodeURIComponent(token);
  var busy = false;

  function when(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return iso;
    return date.toLocaleString('en-US', { weekday: 'short', month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
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
    link.href = view.group.page || '/groups/' + view.group.slug;
    document.title = words[0] + ' — Circles';
    $('status-word').textContent = words[0];
    $('status-word').setAttribute('data-status', view.status);
    $('status-explain').textContent = words[1];
    var last = view.history.length ? view.history[view.history.length - 1].at : view.created_at;
    $('status-since').textContent = 'Last change: ' + when(last) + '.';

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

  function load() {
    if (!/^[A-Za-z0-9]{16,64}$/.test(token)) { invalid(); return Promise.resolve(); }
    var words = Vocabulary.load().catch(function () { return null; });
    return Promise.all([request('GET', api, { cache: 'no-store' }), words]).then(function (loaded) {
      var result = loaded[0];
      if (result.status === 404) { invalid(); return; }
      if (!result.ok || !result.data) {
        invalid('We couldn’t load the status', 'Check your internet connection and reload the page. Your request is not affected.');
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
        $('withdraw-problem').textContent = 'We couldn’t reach Circles. Check your internet connection and try again.';
        return null;
      }
      if (response.ok) {
        return load().then(function () {
          $('result').textContent = 'Your request was withdrawn. The organization will not contact you about it.';
          $('page-title').setAttribute('tabindex', '-1');
          $('page-title').focus();
        });
      }
      if (response.status === 409) {
        $('withdraw-problem').textContent = 'This request can no longer be withdrawn: it is already finished.';
        return load();
      }
      if (response.status === 429) {
        $('withdraw-problem').textContent = 'Too many tries from this connection. Please wait a few minutes and try again.';
        return null;
      }
      $('withdraw-problem').textContent = 'Something went wrong (error ' + response.status + '). Please try again in a moment.';
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
        $('report-problem').textContent = 'We couldn’t reach Circles. Check your internet connection and try again.';
        return null;
      }
      if (response.ok) {
        return load().then(function () {
          $('result').textContent = done;
          $('page-title').setAttribute('tabindex', '-1');
          $('page-title').focus();
        });
      }
      $('report-problem').textContent = response.status === 429 ? 'Too many tries from this connection. Please wait a few minutes and try again.'
        : response.status === 409 ? 'This request has moved on, so this can no longer be changed here.'
        : 'Something went wrong (error ' + response.status + '). Please try again in a moment.';
      return response.status === 409 ? load() : null;
    });
  }

  $('report-attended').addEventListener('click', function () { report('attended', 'Thank you: the group now knows you went.'); });
  $('report-not-for-me').addEventListener('click', function () { report('not-for-me', 'Thank you for telling the group. It will not contact you about this request.'); });
  $('withdraw-button').addEventListener('click', openConfirm);
  $('withdraw-no').addEventListener('click', function () { closeConfirm(true); });
  $('withdraw-yes').addEventListener('click', withdraw);
  $('withdraw-confirm').addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeConfirm(true);
  });
  load();
})();
