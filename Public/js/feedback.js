// The feedback form on a group page: shown only when this script runs, sent as JSON to the API.
import { t } from "/js/lib.js";
import { sendForm } from "/js/send-form.js";

(function () {
  "use strict";
  var form = document.querySelector("form[data-feedback]");
  if (!form || !window.fetch) { return; }
  form.hidden = false;
  var status = form.querySelector(".feedback-form__status");
  var ratingError = form.querySelector("#rating-error");

  function say(text) { status.textContent = text; }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var chosen = form.querySelector("input[name=rating]:checked");
    var radios = form.querySelectorAll("input[name=rating]");
    if (!chosen) {
      ratingError.textContent = t('feedback.choose');
      ratingError.hidden = false;
      radios.forEach(function (r) { r.setAttribute("aria-describedby", "rating-error"); });
      radios[0].focus();
      say(t('feedback.please_choose'));
      return;
    }
    ratingError.hidden = true;
    radios.forEach(function (r) { r.removeAttribute("aria-describedby"); });
    var body = { rating: Number(chosen.value), comment: form.comment.value, website: form.website.value };
    sendForm(form, form.getAttribute("data-feedback"), body, say, {
      sent: t('feedback.sent'),
      refused: function (problem) {
        var first = problem && problem.errors && problem.errors[0];
        say(t('feedback.not_sent', { reason: first ? first.field + ' ' + first.message : (problem.detail || t('feedback.try_again')) }));
      }
    });
  });
})();
