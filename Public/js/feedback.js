// The feedback form on a group page: shown only when this script runs, sent as JSON to the API.
(function () {
  "use strict";
  var form = document.querySelector("form[data-feedback]");
  if (!form || !window.fetch) { return; }
  form.hidden = false;
  var status = form.querySelector(".feedback-form__status");
  var ratingError = form.querySelector("#rating-error");
  var button = form.querySelector("button[type=submit]");
  var key = null;

  function say(text) { status.textContent = text; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector("input[name=rating]:checked");
    var radios = form.querySelectorAll("input[name=rating]");
    if (!chosen) {
      ratingError.textContent = "Choose a rating from 1 to 5.";
      ratingError.hidden = false;
      radios.forEach(function (r) { r.setAttribute("aria-describedby", "rating-error"); });
      radios[0].focus();
      say("Please choose a rating.");
      return;
    }
    ratingError.hidden = true;
    radios.forEach(function (r) { r.removeAttribute("aria-describedby"); });
    if (button.disabled) { return; }
    button.disabled = true;
    key = key || (Date.now().toString(36) + Math.random().toString(36).slice(2));
    var body = { rating: Number(chosen.value), comment: form.comment.value, website: form.website.value };
    say("Sending…");
    fetch(form.getAttribute("data-feedback"), {
      method: "POST",
      credentials: "omit",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 201 || response.status === 202) {
        form.reset();
        key = null;
        say("Thank you. Your rating counts now; a comment appears after the group's organization reads it.");
      } else if (response.status === 429) {
        say("Too many messages from your connection just now. Please try again in a minute.");
      } else {
        return response.json().then(function (problem) {
          var first = problem && problem.errors && problem.errors[0];
          say("It was not sent: " + (first ? first.field + " " + first.message : (problem.detail || "please try again")) + ".");
        });
      }
    }).catch(function () {
      say("It was not sent: the connection failed. Please try again.");
    }).then(function () { button.disabled = false; });
  });
})();
