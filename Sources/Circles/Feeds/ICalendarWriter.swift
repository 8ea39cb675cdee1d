import Foundation
import Schedules

/// Writes an iCalendar stream (RFC 5545) one content line at a time: values escaped,
/// lines folded at 75 octets (never inside a UTF-8 sequence) and ended by CRLF.
///
/// ```swift
/// var ics = ICalendarWriter()
/// ics.begin("VEVENT")
/// ics.text("SUMMARY", "Grief, loss; and hope")   // SUMMARY:Grief\, loss\; and hope
/// ics.end("VEVENT")
/// ```
struct ICalendarWriter {
    /// The longest physical line, in octets, without its CRLF (RFC 5545 §3.1).
    static let maxLineOctets = 75

    private(set) var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(16 * 1024) }

    mutating func begin(_ component: String) { raw("BEGIN", component) }
    mutating func end(_ component: String) { raw("END", component) }

    /// A property whose value is already in its iCalendar form (a date, a rule, a number).
    mutating func raw(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        var line = name
        for (key, parameter) in parameters { line += ";" + key + "=" + Self.parameterValue(parameter) }
        line += ":" + value
        Self.fold(line, into: &bytes)
    }

    /// A TEXT property: the value is escaped. Empty values are left out.
    mutating func text(_ name: String, _ value: String, _ parameters: [(String, String)] = []) {
        guard !value.isEmpty else { return }
        raw(name, Self.escape(value), parameters)
    }

    /// A multi-valued TEXT property such as CATEGORIES: each value escaped, joined by commas.
    mutating func textList(_ name: String, _ values: [String]) {
        let values = values.filter { !$0.isEmpty }
        guard !values.isEmpty else { return }
        raw(name, values.map(Self.escape).joined(separator: ","))
    }

    /// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines
    /// (CRLF, CR or LF become `\n`); other control characters, which TEXT may not hold, are dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value: quoted when it holds `:`, `;` or `,`; double quotes and control characters dropped.
    static func parameterValue(_ value: String) -> String {
        let clean = String(String.UnicodeScalarView(value.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }))
        return clean.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"" + clean + "\"" : clean
    }

    /// Appends one content line, folded: at most 75 octets per physical line, each continuation
    /// starting with a space, and a break only between whole Unicode scalars.
    static func fold(_ line: String, into out: inout [UInt8]) {
        var octetsOnLine = 0
        var utf8: [UInt8] = []
        for scalar in line.unicodeScalars {
            utf8.removeAll(keepingCapacity: true)
            utf8.append(contentsOf: String(scalar).utf8)
            if octetsOnLine + utf8.count > maxLineOctets {
                out.append(13)
                out.append(10)
                out.append(32)
                octetsOnLine = 1
            }
            out.append(contentsOf: utf8)
            octetsOnLine += utf8.count
        }
        out.append(13)
        out.append(10)
    }

    /// `20260106T190000`: a local date and time (a "floating" form, used with a TZID parameter).
    static func localDateTime(_ date: LocalDate, _ time: LocalTime) -> String {
        LocalDate.pad(date.year, 4) + LocalDate.pad(date.month, 2) + LocalDate.pad(date.day, 2)
            + "T" + LocalDate.pad(time.hour, 2) + LocalDate.pad(time.minute, 2) + "00"
    }

    /// `20260107T020000Z`: an instant in UTC.
    static func utc(_ instant: Date) -> String {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let date = LocalDate(daysSince1970: days)
        return LocalDate.pad(date.year, 4) + LocalDate.pad(date.month, 2) + LocalDate.pad(date.day, 2)
            + "T" + LocalDate.pad(rest / 3600, 2) + LocalDate.pad(rest / 60 % 60, 2) + LocalDate.pad(rest % 60, 2) + "Z"
    }

    /// A UTC offset as `-0700` (with seconds, `+013045`, only when it has some).
    static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        var text = sign + LocalDate.pad(magnitude / 3600, 2) + LocalDate.pad(magnitude / 60 % 60, 2)
        if magnitude % 60 != 0 { text += LocalDate.pad(magnitude % 60, 2) }
        return text
    }
}
