/*
 * Circles — the words of every vocabulary (group formats, referral statuses, kinds of place, …) with
 * the labels people read, as the server's Swift enums define them (in the page's language: the catalogues'
 * vocabulary section). Scripts keep no copies: they load /js/vocabulary.json (or /js/vocabulary.es.json…) once per page (a static file, cached like any other) and look words up in it.
 *
 *   import Vocabulary from '/js/vocabulary.js';
 *   Vocabulary.load().then(function (words) { label = words.group_format[group.format]; });
 */
import { api, language } from '/js/lib.js';

var loading = null;

/** Resolves with {group_format: {code: label, …}, …, referral_status_moves: {status: [statuses], …}}. */
function load() {
  if (!loading) {
    var code = language();
    loading = api('GET', code === 'en' ? '/js/vocabulary.json' : '/js/vocabulary.' + code + '.json').then(function (result) {
      if (!result.ok || !result.data) throw new Error('vocabulary ' + result.status);
      return result.data;
    });
  }
  return loading;
}

/** The words of one vocabulary as [[code, label], …] in their order, for a select or checkboxes. */
function choices(words) {
  return Object.keys(words).map(function (code) { return [code, words[code]]; });
}

export default { load: load, choices: choices };
