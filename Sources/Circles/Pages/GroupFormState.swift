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

    init(form: Form, refused error: HTTPError, values: [String: String]) {
        self.form = form
        self.values = values
        problems = error.errors
        if problems.isEmpty {
            message =
                error.status == 429
                ? "Too many messages from your connection just now. Please try again in a minute."
                : (error.detail ?? "It could not be sent. Please try again.")
        }
    }

    /// The context of one form: its status line, each field's problem and the values typed.
    static func context(_ state: GroupFormState?, form: Form, fields: [String], sentText: String) -> TemplateValue {
        let mine = state?.form == form ? state : nil
        var context: [String: TemplateValue] = [
            "sent": .bool(mine?.sent ?? false),
            "sentText": .text(sentText),
            "refused": .bool(!(mine?.problems.isEmpty ?? true) || mine?.message != nil),
            "message": .optional(mine?.message),
            "problems": .list((mine?.problems ?? []).map { ["field": .text($0.field), "text": .text(Self.sentence($0))] }),
        ]
        for field in fields {
            context[field + "Error"] = .optional(mine?.problems.first { $0.field == field }.map(Self.sentence))
            context[field + "Value"] = .text(mine?.values[field] ?? "")
        }
        return .object(context)
    }

    /// "rating is required" → "Rating: is required.", in the words the API uses, with the field named.
    static func sentence(_ problem: FieldError) -> String {
        let name = problem.field.replacingOccurrences(of: "_", with: " ")
        return name.prefix(1).uppercased() + name.dropFirst() + " " + problem.message + "."
    }
}
