import Foundation
import Testing

@testable import HTTPServer

@Suite struct JSONWriterTests {
    @Test func writesNestedValuesAndEscapes() {
        var writer = JSONWriter()
        writer.object {
            $0.field("text", "a\"b\\c\n\u{1}")
            $0.field("negative", -42)
            $0.field("zero", 0)
            $0.field("big", Int.min)
            $0.field("yes", true)
            $0.key("list")
            $0.array {
                $0.value(1)
                $0.value(2.5)
                $0.value(Double.nan)
                $0.value("x")
            }
            $0.key("inner")
            $0.object { $0.field("k", "v") }
        }
        let expected =
            #"{"text":"a\"b\\c\n\u0001","negative":-42,"zero":0,"big":-9223372036854775808,"yes":true,"#
            + #""list":[1,2.5,null,"x"],"inner":{"k":"v"}}"#
        #expect(writer.string == expected)
    }

    @Test func appendsLinesToBytesItTakesOver() {
        var batch = Array("{\"earlier\":1}\n".utf8)
        var writer = JSONWriter(appendingTo: &batch)
        #expect(batch.isEmpty)
        writer.object { $0.field(JSONWriter.Key("time \"now\""), unescaped: { $0.append(contentsOf: "12:00".utf8) }) }
        writer.endLine()
        writer.object { $0.field("n", 2) }
        writer.endLine()
        batch = writer.takeBytes()
        #expect(String(decoding: batch, as: UTF8.self) == "{\"earlier\":1}\n{\"time \\\"now\\\"\":\"12:00\"}\n{\"n\":2}\n")
        #expect(writer.bytes.isEmpty)
    }
}
