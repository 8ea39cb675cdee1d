import Foundation
import Testing

@testable import Circles

@Suite struct LiteralReplacementTests {
    @Test(arguments: [
        ("grief-and-loss", "-", "_"), ("grief", "-", "_"), ("7:00 pm", " pm", "\u{00A0}pm"), ("7:00 p. m. y 8:00 p. m.", " p. m.", "\u{00A0}p.\u{00A0}m."),
        ("aab", "ab", "X"), ("abab", "ab", ""), ("a.b.c", ".", "_"), ("", "-", "_"), ("-", "-", "--"), ("pm", " pm", "x"), ("café-ñ", "-", "·"),
    ])
    func replacesAsFoundationDoes(text: String, target: String, replacement: String) {
        #expect(text.replacingLiterally(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement))
    }

    @Test func anEmptyTargetChangesNothing() {
        #expect("abc".replacingLiterally("", with: "x") == "abc")
    }
}
