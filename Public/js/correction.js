// "Suggest a correction" on a group page: shown only when this script runs, sent as JSON to the API.
// Errors are written next to their field, listed in a summary that takes focus, and announced.
import { errorLink, markInvalid, t } from "/js/lib.js";
import { sendForm } from "/js/send-form.js";

(function () {
  "use strict";
  var form = document.querySelector("form[data-correction]");
  if (!form || !window.fetch) { return; }
  form.hidden = false;
  var fallback = document.querySelector(".correction-fallback");
  if (fallback) { fallback.hidden = true; }
  var status = form.querySelector(".correction-form__status");
  var summary = form.querySelector("#correction-errors");
  // The API's field names, and where each one's message goes.
  var fields = {
    kind: { error: "#correction-kind-error", focus: function () { return form.querySelector("input[name=kind]"); }, inputs: function () { return form.querySelectorAll("input[name=kind]"); } },
    proposed_value: { error: "#correction-value-error", focus: function () { return form.proposed_value; }, inputs: function () { return [form.proposed_value]; } },
    reply_email: { error: "#correction-email-error", focus: function () { return form.reply_email; }, inputs: function () { return [form.reply_email]; } }
  };

  function say(text) { status.textContent = text; }

  function clearErrors() {
    summary.hidden = true;
    summary.querySelector("ul").textContent = "";
    Object.keys(fields).forEach(function (name) {
      var f = fields[name];
      var error = form.querySelector(f.error);
      error.hidden = true;
      error.textContent = "";
      Array.prototype.forEach.call(f.inputs(), function (input) { markInvalid(input, null, error.id); });
    });
  }

  function showErrors(list) {
    var items = summary.querySelector("ul");
    list.forEach(function (problem) {
      var f = fields[problem.field];
      var li = document.createElement("li");
      if (f) {
        var error = form.querySelector(f.error);
        error.textContent = problem.message;
        error.hidden = false;
        Array.prototype.forEach.call(f.inputs(), function (input) { markInvalid(input, error.id); });
        li.appendChild(errorLink(problem.message, f.focus(), null, f.focus().id ? null : "#correction-kind"));
      } else {
        li.textContent = problem.message;
      }
      items.appendChild(li);
    });
    summary.hidden = false;
    summary.focus();
    say(t('correction.not_sent', { reasons: list.map(function (p) { return p.message; }).join(' ') }));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var chosen = form.querySelector("input[name=kind]:checked");
    var problems = [];
    if (!chosen) { problems.push({ field: "kind", message: t('correction.choose_kind') }); }
    var value = form.proposed_value.value.trim();
    if (chosen && chosen.value !== "no_longer_meets" && !value && !form.details.value.trim()) {
      problems.push({ field: "proposed_value", message: t('correction.say_value') });
    }
    var email = form.reply_email.value.trim();
    if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
      problems.push({ field: "reply_email", message: t('correction.email') });
    }
    if (problems.length) { showErrors(problems); return; }
    var body = { kind: chosen.value, proposed_value: value, details: form.details.value.trim(), website: form.website.value };
    if (email) { body.reply_email = email; }
    sendForm(form, form.getAttribute("data-correction"), body, say, {
      sent: t('correction.sent'),
      refused: function (problem) {
        var list = (problem && problem.errors) || [];
        if (list.length) {
          showErrors(list.map(function (p) { return { field: p.field, message: p.field.replace(/_/g, " ") + " " + p.message }; }));
        } else {
          say(t('feedback.not_sent', { reason: (problem && problem.detail) || t('feedback.try_again') }));
        }
      }
    });
  });
})();
