import Foundation

/// What one message says, before it is written: the subject, paragraphs and links. The plain text
/// and the HTML part are both drawn from it here, so the two parts never say different things.
struct MailContent: Sendable, Equatable {
    struct Action: Sendable, Equatable {
        var label: String
        var url: String
    }

    var language: String
    var subject: String
    var paragraphs: [String]
    var actions: [Action] = []
    /// The last line, smaller: why the person gets this, how to stop it.
    var footer: String

    /// Paragraphs separated by blank lines, each link as "label: address" on a line of its own.
    var text: String {
        var parts = paragraphs
        if !actions.isEmpty { parts.append(actions.map { "\($0.label): \($0.url)" }.joined(separator: "\n")) }
        parts.append("-- \n" + footer)
        return parts.joined(separator: "\n\n") + "\n"
    }

    /// A small HTML document: every value escaped, links as plain anchors, no images or tracking.
    var html: String {
        var body = paragraphs.map { "<p>\(HTML.escape($0))</p>" }
        if !actions.isEmpty {
            body.append("<ul>" + actions.map { "<li><a href=\"\(HTML.escape($0.url))\">\(HTML.escape($0.label))</a></li>" }.joined() + "</ul>")
        }
        body.append("<hr><p><small>\(HTML.escape(footer))</small></p>")
        return """
            <!DOCTYPE html>
            <html lang="\(HTML.escape(language))">
            <head><meta charset="utf-8"><title>\(HTML.escape(subject))</title></head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }
}
