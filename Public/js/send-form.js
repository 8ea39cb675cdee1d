// Sends a public form of a group page (feedback, a suggested correction) as JSON to the API.
// One Idempotency-Key per message, kept until it is accepted, so that a retry after a lost answer
// is not counted twice; the same words for the outcomes every such form shares.
import { api, newKey, t } from "/js/lib.js";

export function sendForm(form, url, body, say, outcome) {
  var button = form.querySelector("button[type=submit]");
  if (button.disabled) { return; }
  button.disabled = true;
  form.circlesKey = form.circlesKey || newKey();
  say(t('form.sending'));
  api("POST", url, { body: body, key: form.circlesKey }).then(function (result) {
    if (result.status === 201 || result.status === 202) {
      form.reset();
      form.circlesKey = null;
      say(outcome.sent);
    } else if (result.status === 429) {
      say(t('form.too_many'));
    } else if (result.status === 0) {
      say(t('form.offline'));
    } else {
      outcome.refused(result.data || {});
    }
    button.disabled = false;
  });
}
