// Sends a public form of a group page (feedback, a suggested correction) as JSON to the API.
// One Idempotency-Key per message, kept until it is accepted, so that a retry after a lost answer
// is not counted twice; the same words for the outcomes every such form shares.
window.circlesSendForm = function (form, url, body, say, outcome) {
  "use strict";
  var button = form.querySelector("button[type=submit]");
  if (button.disabled) { return; }
  button.disabled = true;
  form.circlesKey = form.circlesKey || (Date.now().toString(36) + Math.random().toString(36).slice(2));
  say("Sending…");
  fetch(url, {
    method: "POST",
    credentials: "omit",
    headers: { "Content-Type": "application/json", "Idempotency-Key": form.circlesKey },
    body: JSON.stringify(body)
  }).then(function (response) {
    if (response.status === 201 || response.status === 202) {
      form.reset();
      form.circlesKey = null;
      say(outcome.sent);
    } else if (response.status === 429) {
      say("Too many messages from your connection just now. Please try again in a minute.");
    } else {
      return response.json().then(outcome.refused);
    }
  }).catch(function () {
    say("It was not sent: the connection failed. Please try again.");
  }).then(function () { button.disabled = false; });
};
