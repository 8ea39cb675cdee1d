import Foundation

/// RFC 4180 comma-separated values: fields in double quotes may hold commas, quotes (doubled)
/// and line breaks; records end with CRLF or a lone LF (spreadsheets on every system write one or
/// the other). A UTF-8 byte order mark at the start is skipped.
enum CSV {
    /// One record and the line of the file it starts on (1 for the first).
    struct Record: Equatable {
        var line: Int
        var fields: [String]
    }

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// Every record; blank lines are skipped. Throws on a quote inside an unquoted field, text after
    /// a closing quote, or a quoted field that never ends.
    static func parse(_ text: String) throws(ParseError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldStarted = false
        var afterClosingQuote = false
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            quotedFieldStarted = false
            afterClosingQuote = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }

        while let c = pending {
            pending = iterator.next()
            if inQuotes {
                if c == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if c == "\n" || (c == "\r" && pending != "\n") { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                endField()
            case "\r", "\n":
                if c == "\r" && pending == "\n" { pending = iterator.next() }
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !afterClosingQuote, !quotedFieldStarted else {
                    throw ParseError(line: line, message: "a double quote inside a field that does not start with one (write it as \"\" inside a quoted field)")
                }
                inQuotes = true
                quotedFieldStarted = true
            default:
                if afterClosingQuote { throw ParseError(line: line, message: "text after the closing quote of a field") }
                field.append(c)
            }
        }
        if inQuotes { throw ParseError(line: recordLine, message: "a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty || quotedFieldStarted { endRecord() }
        return records
    }

    /// One record as a line ending in CRLF, quoting only the fields that need it.
    static func line(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                : field
        }.joined(separator: ",") + "\r\n"
    }
}
