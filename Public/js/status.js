/*
 * Circles — the status page of a referral (/referrals/status/<token>), rendered by the server; its
 * steps are ordinary forms that work without this script. With it, withdrawing asks first, and the
 * confirmation after a referral is sent (`?done=sent`) copies the page's link in one tap.
 */
import { $, t } from '/js/lib.js';

(function () {
  'use strict';
  var copy = $('copy-button');
  if (copy) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      var result = $('copy-result');
      function fallback() {
        window.getSelection().selectAllChildren($('status-link'));
        result.textContent = t('refer.copy_fallback');
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(copy.getAttribute('data-link')).then(function () { result.textContent = t('refer.copied'); }, fallback);
      } else {
        fallback();
      }
    });
    $('sent-title').focus();
  }
  var button = $('withdraw-button');
  var confirm = $('withdraw-confirm');
  if (!button || !confirm) return;

  function open() {
    confirm.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    $('confirm-title').focus();
  }

  function close(returnFocus) {
    confirm.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (returnFocus) button.focus();
  }

  button.hidden = false;
  $('withdraw-no').hidden = false;
  // A link of the check-in mail (`?ask=withdraw`) comes to ask this very question: it stays open.
  if (confirm.hasAttribute('data-open')) {
    open();
  } else {
    close(false);
  }
  button.addEventListener('click', open);
  $('withdraw-no').addEventListener('click', function () { close(true); });
  confirm.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') close(true);
  });
  if ($('result')) $('page-title').focus();
})();
