import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite struct GzipTests {
    @Test func largeJSONIsCompressedWhenAccepted() throws {
        try withServer { running in
            let expected = jsonBytes(50_000)
            let zipped = try TestHTTP.get(running.port, "/big?bytes=50000", headers: [("Accept-Encoding", "gzip, deflate")])
            #expect(zipped.status == 200)
            #expect(zipped.headers["Content-Encoding"] == "gzip")
            #expect(zipped.headers["Vary"] == "Accept-Encoding")
            #expect(zipped.headers["Content-Type"] == "application/json")
            #expect(zipped.body.count < expected.count / 2)
            #expect(Gzip.decompress(zipped.body) == expected)

            let plain = try TestHTTP.get(running.port, "/big?bytes=50000")
            #expect(plain.headers["Content-Encoding"] == nil)
            #expect(plain.headers["Vary"] == "Accept-Encoding")
            #expect(plain.body == expected)
        }
    }

    @Test func smallResponsesAreNotCompressed() throws {
        try withServer { running in
            let small = try TestHTTP.get(running.port, "/big?bytes=900", headers: [("Accept-Encoding", "gzip")])
            #expect(small.headers["Content-Encoding"] == nil)
            #expect(small.headers["Vary"] == "Accept-Encoding")
            #expect(small.body == jsonBytes(900))
        }
    }

    @Test func acceptEncodingVariants() throws {
        try withServer { running in
            let cases: [(String, Bool)] = [
                ("gzip", true), ("GZIP", true), ("x-gzip", true), ("*", true), ("deflate, *;q=0.1", true),
                ("gzip;q=0", false), ("gzip; q=0.0", false), ("identity", false), ("br", false), ("", false),
                ("*;q=0", false), (";", false), (",,", false), (";;q=1", false), ("gzip;q=abc", false),
            ]
            for (value, compressed) in cases {
                let response = try TestHTTP.get(running.port, "/big?bytes=5000", headers: [("Accept-Encoding", value)])
                #expect(response.status == 200, "Accept-Encoding: \(value)")
                #expect((response.headers["Content-Encoding"] == "gzip") == compressed, "Accept-Encoding: \(value)")
            }
        }
    }

    @Test func octetsAreNotCompressed() throws {
        try withServer { running in
            let response = try TestHTTP.get(running.port, "/blob?bytes=50000", headers: [("Accept-Encoding", "gzip")])
            #expect(response.headers["Content-Encoding"] == nil)
            #expect(response.body.count == 50_000)
        }
    }

    @Test func headOfACompressedResponseMatchesTheGet() throws {
        try withServer { running in
            let client = try RawClient(port: running.port)
            let head = try client.request("HEAD", "/big?bytes=20000", headers: [("Accept-Encoding", "gzip")])
            let get = try client.request("GET", "/big?bytes=20000", headers: [("Accept-Encoding", "gzip")])
            #expect(head.headers["Content-Encoding"] == "gzip")
            #expect(head.headers["Content-Length"] == String(get.body.count))
        }
    }

    @Test func roundTripOfGzipItself() {
        let input = jsonBytes(100_000)
        let compressed = Gzip.compress(input)
        #expect(compressed != nil)
        #expect(compressed.flatMap { Gzip.decompress($0) } == input)
        #expect(Gzip.decompress(Array("not gzip".utf8)) == nil)
        #expect(Gzip.decompress(Array(compressed!.prefix(20))) == nil, "a truncated stream is an error")
    }
}
