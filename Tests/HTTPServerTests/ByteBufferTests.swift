import Testing

@testable import HTTPServer

/// What a connection keeps of the bytes it received: the unread ones, and no memory once all are read
/// (10,000 idle connections hold nothing of their last request; `Benchmarks/idle-connections`).
@Suite struct ByteBufferTests {
    @Test func readBytesAreDroppedAndAnEmptyBufferHoldsNoMemory() {
        var buffer = ByteBuffer()
        Array("GET / HTTP/1.1\r\n\r\nGET /next".utf8).withUnsafeBytes { buffer.append($0) }
        buffer.consume(18)
        #expect(buffer.readableCount == 9 && buffer[0] == UInt8(ascii: "G") && Array(buffer.bytes(0..<9)) == Array("GET /next".utf8))
        Array(" HTTP/1.1\r\n\r\n".utf8).withUnsafeBytes { buffer.append($0) }
        #expect(Array(buffer.bytes(0..<buffer.readableCount)) == Array("GET /next HTTP/1.1\r\n\r\n".utf8))
        buffer.consume(buffer.readableCount)
        #expect(buffer.isEmpty && buffer.storage.capacity == 0)
    }
}
