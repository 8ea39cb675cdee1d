/*
 * Circles — the words of every vocabulary (group formats, referral statuses, kinds of place, …) with
 * the labels people read, as the server's Swift enums define them. Scripts keep no copies: they load
 * /js/vocabulary.json once per page (a static file, cached like any other) and look words up in it.
 *
 *   Vocabulary.load().then(function (words) { label = words.group_format[group.format]; });
 */
window.Vocabulary = (function () {
  'use strict';

  var loading = null;

  /** Resolves with {group_format: {code: label, …}, …, referral_status_moves: {status: [statuses], …}}. */
  function load() {
    if (!loading) {
      loading = fetch('/js/vocabulary.json', { credentials: 'omit' }).then(function (response) {
        if (!response.ok) throw new Error('vocabulary ' + response.status);
        return response.json();
      });
    }
    return loading;
  }

  /** The words of one vocabulary as [[code, label], …] in their order, for a select or checkboxes. */
  function choices(words) {
    return Object.keys(words).map(function (code) { return [code, words[code]]; });
  }

  return { load: load, choices: choices };
})();
