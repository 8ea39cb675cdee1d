import Foundation

/// The phone number a dial-in text starts with ("(303) 555-0177, code 1234"), as meeting-list readers
/// need it: tsml-ui drops a `conference_phone` of fewer than 10 digits and marks the meeting inactive,
/// so a US number must have its area code (10 digits, or 11 with the leading 1) and another country's
/// must be written with `+` and its country code (E.164: at most 15 digits).
public enum DialInNumber {
    /// The number in E.164 ("+13035550177"), or nil when the text does not start with one.
    public static func e164(_ text: String) -> String? {
        let number = text.prefix { !",;#xX".contains($0) && !$0.isLetter }
        guard number.allSatisfy({ $0.isNumber || " +-().".contains($0) }) else { return nil }
        let digits = String(number.filter(\.isASCII).filter(\.isNumber))
        if number.trimmingCharacters(in: .whitespaces).hasPrefix("+") {
            if digits.hasPrefix("1") { return digits.count == 11 ? "+" + digits : nil }
            return (8...15).contains(digits.count) ? "+" + digits : nil
        }
        if digits.count == 10 { return "+1" + digits }
        if digits.count == 11, digits.hasPrefix("1") { return "+" + digits }
        return nil
    }

    /// Why a dial-in text is refused, or nil.
    public static func problem(_ text: String) -> String? {
        e164(text) == nil
            ? "must start with a phone number of 10 digits with its area code ((303) 555-0177) or with + and its country code (+44 20 7946 0958), then any access code"
            : nil
    }
}
