import HTTPServer
import Store

/// What a group page's forms (feedback, a suggested correction) show after a post without JavaScript:
/// thanks once it was sent (the page after the redirect), or every problem by field with what was typed,
/// so that nothing is lost and the person is told exactly what to fix.
struct GroupFormState {
    enum Form: String {
        case feedback, correction
    }

    var form: Form
    var sent = false
    var problems: [FieldError] = []
    /// A problem with no field: too many messages, the group no longer takes them.
    var message: String?
    var values: [String: String] = [:]

    /// The thanks after the redirect (`?sent=feedback`), or nil.
    init?(sent request: Request) {
        guard let form = request.query["sent"].flatMap(Form.init(rawValue:)) else { return nil }
        self.form = form
        sent = true
    }

    /// A refusal, told in `words`' language (the API's own detail only in English, the language it speaks).
    init(form: Form, refused error: HTTPError, values: [String: String], words: Wording) {
        self.form = form
        self.values = values
        problems = error.errors
        if problems.isEmpty {
            let t = words.catalogue
            message =
                error.status == 429
                ? t.text("group.too_many")
                : ((t.code == "en" ? error.detail : nil) ?? t.text("group.not_sent_retry"))
        }
    }

    /// The context of one form: its status line, each field's problem and the values typed.
    static func context(_ state: GroupFormState?, form: Form, fields: [String], sentText: String, words: Wording) -> TemplateValue {
        let mine = state?.form == form ? state : nil
        var context: [String: TemplateValue] = [
            "sent": .bool(mine?.sent ?? false),
            "sentText": .text(sentText),
            "refused": .bool(!(mine?.problems.isEmpty ?? true) || mine?.message != nil),
            "message": .optional(mine?.message),
            "problems": .list((mine?.problems ?? []).map { ["field": .text($0.field), "text": .text(Self.sentence($0, words: words))] }),
        ]
        for field in fields {
            context[field + "Error"] = .optional(mine?.problems.first { $0.field == field }.map { Self.sentence($0, words: words) })
            context[field + "Value"] = .text(mine?.values[field] ?? "")
        }
        return .object(context)
    }

    /// "rating is required" → "Rating is required.", with the field named: the API's words in English
    /// (the language its messages are written in), the catalogue's word for what the field needs otherwise
    /// ("Calificación: elija una calificación del 1 al 5.").
    static func sentence(_ problem: FieldError, words: Wording) -> String {
        let t = words.catalogue
        let key = "group.fields." + problem.field
        let name = t.has(key) ? t.text(key) : problem.field.replacingOccurrences(of: "_", with: " ")
        let needs = "group.needs." + problem.field
        let message = t.code == "en" || !t.has(needs) ? problem.message : t.text(needs)
        return t.text("group.problem", ["field": name, "message": message])
    }
}
